package org.medwarn.report;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Warning;
import org.medwarn.policy.Policy;
import org.medwarn.state.LedgerUpdate;
import org.medwarn.state.SelfPayMonitor;

/**
 * The cadence part of the workflow (DOMAIN.md Rule cadences), downstream of {@link SelfPayMonitor}:
 *
 * <pre>
 * ledger (keyed by psn_no, forward) ─▶ CadenceMembership ─▶ keyBy county ─▶ CadenceScheduler ─▶ screenings
 *                                                                                   └─▶ feedback (calendar)
 * warnings ─▶ ImmediateFeedback ─────────────────────────────────────────────────────────▶ feedback (red)
 * </pre>
 *
 * @param screenings one per category, county and screening instant
 * @param feedback one per township, level and feedback instant, and one per immediate warning
 */
public record CadenceReports(DataStream<Screening> screenings, DataStream<Feedback> feedback) {

    /**
     * Adds the cadence operators to the monitor's outputs; {@code uidSuffix} tells apart the
     * monitors of one job (a backtest's policies), empty for the monitoring job.
     */
    public static CadenceReports define(
            SingleOutputStreamOperator<Warning> monitor, Policy policy, String uidSuffix) {
        DataStream<LedgerUpdate> ledger = monitor.getSideOutput(SelfPayMonitor.LEDGER_UPDATES);
        // Forward, not a shuffle: no row can then arrive after a watermark beyond the one it
        // carries, which is what makes the effective times the same in every replay.
        SingleOutputStreamOperator<CadenceChange> changes =
                DataStreamUtils.reinterpretAsKeyedStream(
                                ledger, u -> u.row.getPsnNo(), Types.STRING)
                        .process(new CadenceMembership(), TypeInformation.of(CadenceChange.class))
                        .uid("cadence-membership" + uidSuffix)
                        .name("cadence membership");
        SingleOutputStreamOperator<Screening> screenings =
                changes.keyBy(c -> c.county)
                        .process(new CadenceScheduler(policy))
                        .uid("cadence-scheduler" + uidSuffix)
                        .name("screening and feedback cadences");
        DataStream<Feedback> immediate =
                monitor.flatMap(new ImmediateFeedback(policy))
                        .uid("feedback-immediate" + uidSuffix)
                        .name("immediate feedback");
        return new CadenceReports(
                screenings, screenings.getSideOutput(CadenceScheduler.FEEDBACK).union(immediate));
    }
}
