package org.medwarn.ingest;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stamps each event with the watermark of its input just before it ({@link
 * MonitoringEvent#inputWatermark}). Chained right after the event-time assignment of an input, so
 * the stamp is a function of the input's order: in a single-reader replay the same in every run.
 *
 * <p>Why: the monitor's own watermark is the minimum over its inputs, and its broadcast input (the
 * published policies) counts until its idle status arrives, which is a race with the first
 * settlements. Downstream of this stamp the monitor's watermark is never ahead of it (the stamp's
 * channel carries exactly this watermark before the event), so {@code max(monitor watermark,
 * stamp)} equals the stamp whenever the two differ.
 */
public final class InputWatermarks extends ProcessFunction<MonitoringEvent, MonitoringEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(MonitoringEvent e, Context ctx, Collector<MonitoringEvent> out) {
        e.inputWatermark = ctx.timerService().currentWatermark();
        out.collect(e);
    }
}
