package org.medwarn.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
import org.medwarn.ingest.DecodePolicy;
import org.medwarn.ingest.InputWatermarks;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.PolicyUpdate;
import org.medwarn.ingest.RawRecord;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.report.CadenceReports;
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
 * policies ─▶ decode policy ─▶ broadcast ───────────────────────────────────────┘ (live updates)
 *                                                                   ledger, warnings ─▶ screenings, feedback
 *                                                                   ledger, warnings ─▶ aggregates ─▶ search
 * </pre>
 *
 * (cadences: see {@link CadenceReports}).
 */
public final class MonitoringWorkflow {
    private MonitoringWorkflow() {}

    public static void defineWorkflow(
            StreamExecutionEnvironment env, Sources sources, Sinks sinks, Policy policy) {
        defineWorkflow(env, sources, sinks, PolicyHistory.of(policy));
    }

    /**
     * The workflow under a policy history (a replay's {@code --policy-history}); policies published
     * on {@code sources.policies()} are added while it runs.
     */
    public static void defineWorkflow(
            StreamExecutionEnvironment env, Sources sources, Sinks sinks, PolicyHistory policies) {
        monitor(inputs(env, sources), sinks, policies, "");
    }

    /**
     * The decoded inputs of the monitor: events with event time, the dead letters of decoding, and
     * the validated published policies.
     */
    public record Inputs(
            DataStream<MonitoringEvent> events,
            DataStream<DeadLetter> deadLetters,
            SingleOutputStreamOperator<PolicyUpdate> published) {}

    /** Reads, decodes and validates the sources once (a backtest monitors them N times). */
    public static Inputs inputs(StreamExecutionEnvironment env, Sources sources) {
        DataStream<MonitoringEvent> events = null;
        DataStream<DeadLetter> deadLetters = null;
        for (Sources.Input input : sources.inputs()) {
            SingleOutputStreamOperator<RawRecord> raw =
                    env.fromSource(
                                    input.source(),
                                    WatermarkStrategy.noWatermarks(),
                                    input.name(),
                                    // a HybridSource (backtest from Kafka) does not tell its type
                                    TypeInformation.of(RawRecord.class))
                            .uid("source-" + input.name());
            if (input.parallelism() > 0) {
                raw.setParallelism(input.parallelism());
            }
            SingleOutputStreamOperator<MonitoringEvent> decoded =
                    raw.process(new DecodeAndValidate(sources.limits()))
                            .uid("decode-" + input.name())
                            .name("decode and validate " + input.name());
            SingleOutputStreamOperator<MonitoringEvent> withTime =
                    decoded.assignTimestampsAndWatermarks(sources.watermarks())
                            .uid("event-time-" + input.name())
                            .name("event time " + input.name());
            SingleOutputStreamOperator<MonitoringEvent> timed =
                    withTime.process(new InputWatermarks())
                            .uid("input-watermark-" + input.name())
                            .name("input watermark " + input.name());
            if (input.parallelism() > 0) {
                decoded.setParallelism(input.parallelism());
                withTime.setParallelism(input.parallelism());
                timed.setParallelism(input.parallelism());
            }
            DataStream<DeadLetter> rejected = decoded.getSideOutput(DeadLetters.TAG);
            events = events == null ? timed : events.union(timed);
            deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
        }
        SingleOutputStreamOperator<PolicyUpdate> decodedPolicies = publishedPolicies(env, sources);
        deadLetters = deadLetters.union(decodedPolicies.getSideOutput(DeadLetters.TAG));
        SingleOutputStreamOperator<PolicyUpdate> published =
                decodedPolicies
                        .transform(
                                "policies without event time",
                                TypeInformation.of(PolicyUpdate.class),
                                new WithoutEventTime<PolicyUpdate>())
                        .uid("policies-without-event-time")
                        .setParallelism(1);
        return new Inputs(events, deadLetters, published);
    }

    /**
     * The keyed monitor under {@code policies} and its sinks; {@code uidSuffix} tells apart the
     * monitors of one job (a backtest's policies), empty for the monitoring job.
     */
    public static void monitor(
            Inputs inputs, Sinks sinks, PolicyHistory policies, String uidSuffix) {
        SingleOutputStreamOperator<Warning> warnings =
                inputs.events()
                        .keyBy(e -> e.psnNo)
                        .connect(inputs.published().broadcast(SelfPayMonitor.POLICIES))
                        .process(new SelfPayMonitor(policies))
                        .uid("self-pay-monitor" + uidSuffix)
                        .name("annual self-pay monitor" + uidSuffix);

        warnings.sinkTo(sinks.warnings())
                .uid("sink-warnings" + uidSuffix)
                .name("warnings" + uidSuffix);
        warnings.getSideOutput(SelfPayMonitor.LEDGER)
                .sinkTo(sinks.ledger())
                .uid("sink-ledger" + uidSuffix)
                .name("ledger" + uidSuffix);
        inputs.deadLetters()
                .union(warnings.getSideOutput(DeadLetters.TAG))
                .sinkTo(sinks.deadLetters())
                .uid("sink-dead-letters" + uidSuffix)
                .name("dead letters" + uidSuffix);

        // cadences and the display of thresholds use the first policy of the history (the policy
        // the job started with); published policies change levels, not cadences
        Policy base = policies.policies().get(0);
        CadenceReports cadences = CadenceReports.define(warnings, base, uidSuffix);
        if (sinks.search() != null) {
            defineSearch(warnings, cadences, sinks, policies, uidSuffix);
        }
        cadences.screenings()
                .sinkTo(sinks.screenings())
                .uid("sink-screenings" + uidSuffix)
                .name("screenings" + uidSuffix);
        cadences.feedback()
                .sinkTo(sinks.feedback())
                .uid("sink-feedback" + uidSuffix)
                .name("feedback" + uidSuffix);
    }

    /**
     * Search documents: warnings and ledger rows as documents, and the aggregates (persons and
     * self-pay per region × category × level), computed from the ledger side output by {@link
     * AggregateDeltas} (keyed by psn_no like the monitor: no shuffle) and {@link AggregateGroups}
     * (keyed by group), and the screenings and feedback of the {@code cadences}, into one search
     * sink; the warnings into a second one of their own, so that no backlog of the others delays
     * them.
     */
    private static void defineSearch(
            SingleOutputStreamOperator<Warning> warnings,
            CadenceReports cadences,
            Sinks sinks,
            PolicyHistory policies,
            String uidSuffix) {
        SearchDocuments documents = new SearchDocuments(sinks.regions(), policies);
        DataStream<LedgerEntry> ledger = warnings.getSideOutput(SelfPayMonitor.LEDGER);
        DataStream<SearchDocument> warningDocs =
                warnings.map(documents::warning)
                        .returns(SearchDocument.class)
                        .uid("search-docs-warnings" + uidSuffix)
                        .name("warning documents");
        DataStream<SearchDocument> ledgerDocs =
                ledger.map(documents::ledger)
                        .returns(SearchDocument.class)
                        .uid("search-docs-ledger" + uidSuffix)
                        .name("ledger documents");
        DataStream<SearchDocument> aggregateDocs =
                DataStreamUtils.reinterpretAsKeyedStream(ledger, l -> l.getPsnNo(), Types.STRING)
                        .process(new AggregateDeltas())
                        .uid("aggregate-deltas" + uidSuffix)
                        .name("aggregate deltas")
                        .keyBy(AggregateDelta::groupKey)
                        .process(new AggregateGroups(policies.policies().get(0), documents))
                        .uid("aggregate-groups" + uidSuffix)
                        .name("aggregate groups");
        DataStream<SearchDocument> screeningDocs =
                cadences.screenings()
                        .map(documents::screening)
                        .returns(SearchDocument.class)
                        .uid("search-docs-screenings" + uidSuffix)
                        .name("screening documents");
        DataStream<SearchDocument> feedbackDocs =
                cadences.feedback()
                        .map(documents::feedback)
                        .returns(SearchDocument.class)
                        .uid("search-docs-feedback" + uidSuffix)
                        .name("feedback documents");
        // warnings have a sink of their own: never queued behind ledger and aggregate documents
        warningDocs
                .sinkTo(sinks.search())
                .uid("sink-search-warnings" + uidSuffix)
                .name("search engine warnings");
        ledgerDocs
                .union(aggregateDocs, screeningDocs, feedbackDocs)
                .sinkTo(sinks.search())
                .uid("sink-search" + uidSuffix)
                .name("search engine");
    }

    /**
     * Validated policies from {@code sources.policies()} (invalid ones to its dead-letter side
     * output), or an empty stream; {@link #inputs} removes their event time (see {@link
     * WithoutEventTime}).
     */
    private static SingleOutputStreamOperator<PolicyUpdate> publishedPolicies(
            StreamExecutionEnvironment env, Sources sources) {
        Sources.Input input = sources.policies();
        DataStream<RawRecord> raw =
                input == null
                        ? env.fromData(new RawRecord())
                                .uid("source-no-policies")
                                .filter(r -> false)
                                .uid("no-policies")
                                .name("no published policies")
                        : env.fromSource(
                                        input.source(),
                                        WatermarkStrategy.noWatermarks(),
                                        input.name())
                                .uid("source-" + input.name())
                                .setParallelism(1);
        return raw.process(new DecodePolicy())
                .uid("decode-policies")
                .name("decode policies")
                .setParallelism(1);
    }
}
