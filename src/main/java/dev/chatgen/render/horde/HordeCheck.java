package dev.chatgen.render.horde;

import com.fasterxml.jackson.databind.JsonNode;

/** One answer of {@code GET /v2/generate/check/{id}}: where the request stands. */
record HordeCheck(int finished, int processing, int restarted, int waiting, boolean done, boolean faulted,
                  int waitTime, int queuePosition, double kudos, boolean isPossible) {

    static HordeCheck from(JsonNode node) {
        if (!node.isObject() || !node.has("done")) {
            throw new IllegalArgumentException("not a request status: " + node);
        }
        return new HordeCheck(node.path("finished").asInt(0), node.path("processing").asInt(0),
                node.path("restarted").asInt(0), node.path("waiting").asInt(0), node.path("done").asBoolean(false),
                node.path("faulted").asBoolean(false), node.path("wait_time").asInt(0),
                node.path("queue_position").asInt(0), node.path("kudos").asDouble(0),
                // The Horde leaves it out on older versions; absent means possible.
                node.path("is_possible").asBoolean(true));
    }

    /** How far along, as the queue shows it: waiting in the queue 0, a worker on it 50, done 100. */
    int percent() {
        if (done) {
            return 100;
        }
        return processing > 0 || finished > 0 ? 50 : 0;
    }
}
