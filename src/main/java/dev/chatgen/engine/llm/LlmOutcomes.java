package dev.chatgen.engine.llm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How one LLM-backed stage has fared: how often the LLM's answer was used and how often the
 * embedded stage stood in. The log says so once per change, not once per request: a warning when
 * the LLM starts failing, a line when it answers again.
 */
public final class LlmOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(LlmOutcomes.class);

    private final String stage;
    private final String standIn;
    private final LlmEndpoint endpoint;
    private final LongAdder answered = new LongAdder();
    private final LongAdder fellBack = new LongAdder();
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param stage   "stage 1", as notes and logs name it
     * @param standIn "the embedded writer": who stands in when the LLM fails
     */
    public LlmOutcomes(String stage, String standIn, LlmEndpoint endpoint) {
        this.stage = stage;
        this.standIn = standIn;
        this.endpoint = endpoint;
    }

    public String stage() {
        return stage;
    }

    public String standIn() {
        return standIn;
    }

    public LlmEndpoint endpoint() {
        return endpoint;
    }

    public long answeredCount() {
        return answered.sum();
    }

    public long fellBackCount() {
        return fellBack.sum();
    }

    void answered() {
        answered.increment();
        if (failing.compareAndSet(true, false)) {
            LOG.info("{}: {} answers again", stage, endpoint.where());
        }
    }

    void fellBack(LlmException e) {
        fellBack.increment();
        if (failing.compareAndSet(false, true)) {
            LOG.warn("{}: {}; {} stands in until it answers again", stage, e.getMessage(), standIn);
        } else {
            LOG.debug("{}: {}; {} stood in", stage, e.getMessage(), standIn);
        }
    }
}
