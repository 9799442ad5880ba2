package dev.chatgen.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this process's workers hold right now, for the heartbeat and for a graceful stop. */
final class ActiveClaims {
    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    private static final class Held {
        final Claim claim;
        volatile boolean lost;

        Held(Claim claim) {
            this.claim = claim;
        }
    }

    void add(Claim claim) {
        held.put(claim.jobId(), new Held(claim));
    }

    void remove(Claim claim) {
        held.remove(claim.jobId());
    }

    List<Claim> all() {
        return held.values().stream().map(h -> h.claim).toList();
    }

    /** The heartbeat could not renew it: someone else has it, or it was cancelled. */
    void markLost(Claim claim) {
        Held h = held.get(claim.jobId());
        if (h != null) {
            h.lost = true;
        }
    }

    boolean lost(Claim claim) {
        Held h = held.get(claim.jobId());
        return h != null && h.lost;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }
}
