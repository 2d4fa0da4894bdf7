package org.medwarn.ingest;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stamps each event with the watermark of its input just before it ({@link
 * MonitoringEvent#inputWatermark}). Chained right after the event-time assignment of an input, so
 * the stamp is a function of the input's order: in a single-reader replay the same in every run.
 *
 * <p>Why: the monitor's own watermark is the minimum over all readers, so at a given event it
 * depends on how the readers' records interleave at the monitor (scheduling); the stamp depends on
 * the event's own input only. The monitor's watermark is never ahead of the stamp (the stamp's
 * channel carries exactly this watermark before the event), so {@code max(monitor watermark,
 * stamp)} is the stamp: what is late or already in effect is a function of each input's order.
 */
public final class InputWatermarks extends ProcessFunction<MonitoringEvent, MonitoringEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(MonitoringEvent e, Context ctx, Collector<MonitoringEvent> out) {
        e.inputWatermark = ctx.timerService().currentWatermark();
        out.collect(e);
    }
}
