package org.medwarn.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw records into validated {@link MonitoringEvent}s. A record that cannot be decoded or
 * breaks a rule never fails the job: it goes to {@link DeadLetters#TAG} with its reason and raw
 * bytes and is counted in {@code medwarn.deadLettersByReason.<REASON>}.
 */
public class DecodeAndValidate extends ProcessFunction<RawRecord, MonitoringEvent> {
    private static final long serialVersionUID = 1L;

    private final InputLimits limits;
    private transient RecordDecoder decoder;
    private transient DeadLetters deadLetters;

    /** With the {@link InputLimits#DEFAULTS default limits}. */
    public DecodeAndValidate() {
        this(InputLimits.DEFAULTS);
    }

    /**
     * Rejecting records beyond {@code limits}: OVERSIZED, FUTURE_TIME, BEFORE_RETENTION_HORIZON.
     */
    public DecodeAndValidate(InputLimits limits) {
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new RecordDecoder(limits);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<MonitoringEvent> out) {
        try {
            out.collect(decoder.decode(raw));
        } catch (RejectedInputException e) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(raw, e.reason(), e.getMessage()));
            deadLetters.count(e.reason());
        }
    }
}
