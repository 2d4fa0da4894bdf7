package org.medwarn.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medwarn.aggregate.AggregateDelta;
import org.medwarn.aggregate.AggregateDeltas;
import org.medwarn.aggregate.AggregateGroups;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Warning;
import org.medwarn.ingest.DeadLetters;
import org.medwarn.ingest.DecodeAndValidate;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.RawRecord;
import org.medwarn.policy.Policy;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.state.SelfPayMonitor;

/**
 * The monitoring workflow, the same for the live job, the replay CLI and the tests:
 *
 * <pre>
 * sources ─▶ decode+validate ─▶ event time (setl_time) ─▶ keyBy psn_no ─▶ SelfPayMonitor ─▶ warnings
 *                  │                                                          ├─▶ ledger
 *                  └──────────────── dead letters ◀───────────────────────────┘
 * </pre>
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
        if (sinks.search() != null) {
            defineSearch(warnings, sinks, policy);
        }
        deadLetters
                .union(warnings.getSideOutput(DeadLetters.TAG))
                .sinkTo(sinks.deadLetters())
                .uid("sink-dead-letters")
                .name("dead letters");
    }

    /**
     * Search documents: warnings and ledger rows as documents, and the aggregates (persons and
     * self-pay per region × category × level), computed from the ledger side output by {@link
     * AggregateDeltas} (keyed by psn_no like the monitor: no shuffle) and {@link AggregateGroups}
     * (keyed by group), all into one search sink.
     */
    private static void defineSearch(
            SingleOutputStreamOperator<Warning> warnings, Sinks sinks, Policy policy) {
        SearchDocuments documents = new SearchDocuments(sinks.regions(), policy);
        DataStream<LedgerEntry> ledger = warnings.getSideOutput(SelfPayMonitor.LEDGER);
        DataStream<SearchDocument> warningDocs =
                warnings.map(new SearchDocuments.WarningToDocument(documents))
                        .uid("search-docs-warnings")
                        .name("warning documents");
        DataStream<SearchDocument> ledgerDocs =
                ledger.map(new SearchDocuments.LedgerToDocument(documents))
                        .uid("search-docs-ledger")
                        .name("ledger documents");
        DataStream<SearchDocument> aggregateDocs =
                DataStreamUtils.reinterpretAsKeyedStream(ledger, l -> l.getPsnNo(), Types.STRING)
                        .process(new AggregateDeltas())
                        .uid("aggregate-deltas")
                        .name("aggregate deltas")
                        .keyBy(AggregateDelta::groupKey)
                        .process(new AggregateGroups(policy, documents))
                        .uid("aggregate-groups")
                        .name("aggregate groups");
        warningDocs
                .union(ledgerDocs, aggregateDocs)
                .sinkTo(sinks.search())
                .uid("sink-search")
                .name("search engine");
    }
}
