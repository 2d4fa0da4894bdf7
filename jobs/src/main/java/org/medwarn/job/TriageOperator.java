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
 * alone; the officers' actions (second input) carry none, exactly as the policies of {@link
 * MonitorOperator} (see there why): an action applies at the settlements' event time, and the
 * overdue flags of the service levels follow the settlements' watermark only.
 */
final class TriageOperator
        extends KeyedCoProcessOperator<String, MonitorOutput, TriageCommand, SearchDocument> {
    private static final long serialVersionUID = 1L;

    TriageOperator(WarningTriage triage) {
        super(triage);
    }

    @Override
    public void open() throws Exception {
        super.open();
        super.processWatermarkStatus(WatermarkStatus.IDLE, MonitorOperator.SECOND_INPUT);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // dropped: see the class comment
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int input) throws Exception {
        if (input != MonitorOperator.SECOND_INPUT) {
            super.processWatermarkStatus(status, input);
        }
    }
}
