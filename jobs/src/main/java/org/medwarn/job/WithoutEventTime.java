package org.medwarn.job;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Forwards records but no event time: its output is idle from the start and drops every watermark,
 * including the end-of-input one of a bounded source. For the published-policies input of the
 * monitor, whose event time must be that of the settlements alone: a policy takes effect when the
 * settlements' watermark reaches its {@code effective_from}, and a finished (or empty) policy
 * stream must not push the monitor's event time to the end while the settlements are idle.
 */
final class WithoutEventTime<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // dropped: see the class comment
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // stays idle
    }
}
