package org.medwarn.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.DecodeAndValidate;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.RawRecord;
import org.medwarn.policy.Policy;
import org.medwarn.report.CadenceReports;
import org.medwarn.state.SelfPayMonitor;

/**
 * The monitoring workflow, the same for the live job, the replay CLI and the tests:
 *
 * <pre>
 * sources ─▶ decode+validate ─▶ event time (setl_time) ─▶ keyBy psn_no ─▶ SelfPayMonitor ─▶ warnings
 *                  │                                                          ├─▶ ledger
 *                  └──────────────── dead letters ◀───────────────────────────┘
 *                                                                   ledger, warnings ─▶ screenings, feedback
 * </pre>
 *
 * (cadences: see {@link CadenceReports}).
 */
public final class MonitoringWorkflow {
    private MonitoringWorkflow() {}

    public static void defineWorkflow(
            StreamExecutionEnvironment env, Sources sources, Sinks sinks, Policy policy) {
        DataStream<MonitoringEvent> events = null;
        DataStream<DeadLetter> deadLetters = null;
        for (Sources.Input input : sources.inputs()) {
            SingleOutputStreamOperator<RawRecord> raw =
                    env.fromSource(input.source(), WatermarkStrategy.noWatermarks(), input.name())
                            .uid("source-" + input.name());
            if (input.parallelism() > 0) {
                raw.setParallelism(input.parallelism());
            }
            SingleOutputStreamOperator<MonitoringEvent> decoded =
                    raw.process(new DecodeAndValidate())
                            .uid("decode-" + input.name())
                            .name("decode and validate " + input.name());
            SingleOutputStreamOperator<MonitoringEvent> timed =
                    decoded.assignTimestampsAndWatermarks(sources.watermarks())
                            .uid("event-time-" + input.name())
                            .name("event time " + input.name());
            if (input.parallelism() > 0) {
                decoded.setParallelism(input.parallelism());
                timed.setParallelism(input.parallelism());
            }
            DataStream<DeadLetter> rejected = decoded.getSideOutput(DeadLetters.TAG);
            events = events == null ? timed : events.union(timed);
            deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
        }

        SingleOutputStreamOperator<Warning> warnings =
                events.keyBy(e -> e.psnNo)
                        .process(new SelfPayMonitor(policy))
                        .uid("self-pay-monitor")
                        .name("annual self-pay monitor");

        warnings.sinkTo(sinks.warnings()).uid("sink-warnings").name("warnings");
        warnings.getSideOutput(SelfPayMonitor.LEDGER)
                .sinkTo(sinks.ledger())
                .uid("sink-ledger")
                .name("ledger");
        deadLetters
                .union(warnings.getSideOutput(DeadLetters.TAG))
                .sinkTo(sinks.deadLetters())
                .uid("sink-dead-letters")
                .name("dead letters");

        CadenceReports cadences = CadenceReports.define(warnings, policy);
        cadences.screenings().sinkTo(sinks.screenings()).uid("sink-screenings").name("screenings");
        cadences.feedback().sinkTo(sinks.feedback()).uid("sink-feedback").name("feedback");
    }
}
