package org.medwarn.job;

import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.triage.MonitorOutput;
import org.medwarn.triage.TriageCommand;
import org.medwarn.triage.WarningTriage;

/**
 * The operator of {@link WarningTriage}: event time is that of the monitor's outputs (first input)
 * alone; the officers' actions (second input) carry none: that input counts as idle from {@link
 * #open} on and its watermarks and statuses are dropped. An action applies at the settlements'
 * event time, and the overdue flags of the service levels follow the settlements' watermark only.
 *
 * <p>Why in the operator and not by an idle status sent upstream: Flink starts each input at the
 * minimum watermark until its first status arrives over the network, a race with the monitor's
 * outputs (a slow start of the actions' task would hold the deadlines back).
 */
final class TriageOperator
        extends KeyedCoProcessOperator<String, MonitorOutput, TriageCommand, SearchDocument> {
    private static final long serialVersionUID = 1L;

    /** Flink's index of the second input in {@code processWatermarkStatus(status, input)}. */
    private static final int SECOND_INPUT = 1;

    TriageOperator(WarningTriage triage) {
        super(triage);
    }

    @Override
    public void open() throws Exception {
        super.open();
        super.processWatermarkStatus(WatermarkStatus.IDLE, SECOND_INPUT);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // dropped: see the class comment
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int input) throws Exception {
        if (input != SECOND_INPUT) {
            super.processWatermarkStatus(status, input);
        }
    }
}
