package dev.chatgen.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this process's workers hold right now, for the heartbeat and for a graceful stop. */
final class ActiveClaims {
    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    private static final class Held {
        final Claim claim;
        final Runnable stop;
        volatile boolean lost;

        Held(Claim claim, Runnable stop) {
            this.claim = claim;
            this.stop = stop;
        }
    }

    /** {@code stop} interrupts the work when the claim is lost (cancelled, or taken back). */
    void add(Claim claim, Runnable stop) {
        held.put(claim.jobId(), new Held(claim, stop));
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
        if (h != null && !h.lost) {
            h.lost = true;
            h.stop.run();
        }
    }

    boolean lost(Claim claim) {
        Held h = held.get(claim.jobId());
        return h != null && h.lost;
    }
}
