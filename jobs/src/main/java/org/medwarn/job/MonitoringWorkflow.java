package org.medwarn.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medwarn.aggregate.AggregateDelta;
import org.medwarn.aggregate.AggregateDeltaSerializer;
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
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocuments;
import org.medwarn.state.InLedger;
import org.medwarn.state.SelfPayMonitor;
import org.medwarn.triage.DecodeTriage;
import org.medwarn.triage.MonitorOutput;
import org.medwarn.triage.TriageCommand;
import org.medwarn.triage.WarningTriage;

/**
 * The monitoring workflow, the same for the live job, the replay CLI and the tests:
 *
 * <pre>
 * sources ─▶ decode+validate ─▶ event time (setl_time) ─▶ keyBy psn_no ─▶ SelfPayMonitor ─▶ warnings
 *                  │                                                          ├─▶ ledger (台账 rows)
 *                  └──────────────── dead letters ◀───────────────────────────┘
 * policies ─▶ decode policy ─▶ broadcast ───────────────────────────────────────┘ (live updates)
 *                                                                   ledger, warnings ─▶ screenings, feedback
 *                                                                   ledger, warnings ─▶ aggregates ─▶ search
 *                                                     ledger, warnings, triage ─▶ WarningTriage ─▶ search
 * </pre>
 *
 * (cadences: see {@link CadenceReports}; a Kafka topic of settlements gets its event time at the
 * source instead, one watermark per partition: {@link Sources.Input#atSource()}).
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
     * The decoded inputs of the monitor: events with event time, the dead letters of decoding, the
     * validated published policies, and the decoded triage actions (null without a triage source).
     */
    public record Inputs(
            DataStream<MonitoringEvent> events,
            DataStream<DeadLetter> deadLetters,
            SingleOutputStreamOperator<PolicyUpdate> published,
            DataStream<TriageCommand> triage) {}

    /** Reads, decodes and validates the sources once (a backtest monitors them N times). */
    public static Inputs inputs(StreamExecutionEnvironment env, Sources sources) {
        DataStream<MonitoringEvent> events = null;
        DataStream<DeadLetter> deadLetters = null;
        for (Sources.Input input : sources.inputs()) {
            SingleOutputStreamOperator<RawRecord> raw =
                    read(env, input, sources.watermarksAtSource(input));
            // decoded at the source already when its event time is assigned there
            SingleOutputStreamOperator<MonitoringEvent> decoded =
                    raw.process(new DecodeAndValidate(sources.limits()))
                            .uid("decode-" + input.name())
                            .name("decode and validate " + input.name());
            SingleOutputStreamOperator<MonitoringEvent> withTime =
                    input.atSource() != null
                            ? decoded
                            : decoded.assignTimestampsAndWatermarks(sources.watermarks())
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
        SingleOutputStreamOperator<PolicyUpdate> published = publishedPolicies(env, sources);
        deadLetters = deadLetters.union(published.getSideOutput(DeadLetters.TAG));
        DataStream<TriageCommand> triage = null;
        if (sources.triage() != null) {
            SingleOutputStreamOperator<TriageCommand> decodedTriage = triageActions(env, sources);
            deadLetters = deadLetters.union(decodedTriage.getSideOutput(DeadLetters.TAG));
            triage = decodedTriage;
        }
        return new Inputs(events, deadLetters, published, triage);
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
                        .connect(inputs.published().broadcast())
                        .transform(
                                "annual self-pay monitor" + uidSuffix,
                                TypeInformation.of(Warning.class),
                                new MonitorOperator(new SelfPayMonitor(policies)))
                        .uid("self-pay-monitor" + uidSuffix);

        warnings.sinkTo(sinks.warnings())
                .uid("sink-warnings" + uidSuffix)
                .name("warnings" + uidSuffix);
        warnings.getSideOutput(SelfPayMonitor.LEDGER)
                .filter(new InLedger())
                .uid("ledger-rows" + uidSuffix)
                .name("台账 rows (from the ledger floor)")
                .sinkTo(sinks.ledger())
                .uid("sink-ledger" + uidSuffix)
                .name("ledger" + uidSuffix);
        DataStream<DeadLetter> deadLetters =
                inputs.deadLetters().union(warnings.getSideOutput(DeadLetters.TAG));

        // cadences and the display of thresholds use the first policy of the history (the policy
        // the job started with); published policies change levels, not cadences
        Policy base = policies.policies().get(0);
        CadenceReports cadences = CadenceReports.define(warnings, base, uidSuffix);
        if (sinks.search() != null) {
            deadLetters =
                    deadLetters.union(
                            defineSearch(
                                    warnings,
                                    inputs.events(),
                                    inputs.triage(),
                                    cadences,
                                    sinks,
                                    policies,
                                    uidSuffix));
        }
        deadLetters
                .sinkTo(sinks.deadLetters())
                .uid("sink-dead-letters" + uidSuffix)
                .name("dead letters" + uidSuffix);
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
     * Search documents: the valid settlements received ({@link SearchDocuments#settlement}, for the
     * console's person page), warnings and ledger rows as documents written by {@link
     * WarningTriage} with the officers' {@code triage} actions (keyed by psn_no like the monitor:
     * its outputs need no shuffle), the aggregates (persons and self-pay per region × category ×
     * level), computed from the ledger side output by {@link AggregateDeltas} (no shuffle either)
     * and {@link AggregateGroups} (keyed by group), and the screenings and feedback of the {@code
     * cadences}, into one search sink; the warnings into a second one of their own, so that no
     * backlog of the others delays them.
     *
     * @return the rejected triage actions
     */
    private static DataStream<DeadLetter> defineSearch(
            SingleOutputStreamOperator<Warning> warnings,
            DataStream<MonitoringEvent> events,
            DataStream<TriageCommand> triage,
            CadenceReports cadences,
            Sinks sinks,
            PolicyHistory policies,
            String uidSuffix) {
        SearchDocuments documents = new SearchDocuments(sinks.regions(), policies);
        DataStream<LedgerEntry> ledger = warnings.getSideOutput(SelfPayMonitor.LEDGER);
        SingleOutputStreamOperator<SearchDocument> warningAndLedgerDocs =
                triage(warnings, ledger, triage, documents, policies, uidSuffix);
        DataStream<SearchDocument> aggregateDocs =
                DataStreamUtils.reinterpretAsKeyedStream(ledger, l -> l.getPsnNo(), Types.STRING)
                        .process(new AggregateDeltas())
                        .returns(AggregateDeltaSerializer.TYPE)
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
        DataStream<SearchDocument> settlementDocs =
                events.filter(e -> e.type == MonitoringEvent.Type.SETTLEMENT)
                        .uid("search-settlements-only" + uidSuffix)
                        .name("settlements for search")
                        .map(SearchDocuments::settlement)
                        .returns(SearchDocument.class)
                        .uid("search-docs-settlements" + uidSuffix)
                        .name("settlement documents");
        // warnings have a sink of their own: never queued behind ledger and aggregate documents
        warningAndLedgerDocs
                .filter(d -> IndexTemplates.WARNINGS.equals(d.index))
                .uid("search-docs-warnings-only" + uidSuffix)
                .name("warning documents")
                .sinkTo(sinks.warningSearch())
                .uid("sink-search-warnings" + uidSuffix)
                .name("search engine warnings");
        warningAndLedgerDocs
                .filter(d -> !IndexTemplates.WARNINGS.equals(d.index))
                .uid("search-docs-ledger-only" + uidSuffix)
                .name("ledger documents")
                .union(aggregateDocs, screeningDocs, feedbackDocs, settlementDocs)
                .sinkTo(sinks.search())
                .uid("sink-search" + uidSuffix)
                .name("search engine");
        return warningAndLedgerDocs.getSideOutput(DeadLetters.TAG);
    }

    /**
     * {@link WarningTriage}: the monitor's warnings and ledger rows (reinterpreted as keyed: same
     * key and parallelism, no shuffle) with the triage actions (keyed by psn_no, without event
     * time: actions apply at the settlements' event time), under the base policy's service levels.
     */
    private static SingleOutputStreamOperator<SearchDocument> triage(
            SingleOutputStreamOperator<Warning> warnings,
            DataStream<LedgerEntry> ledger,
            DataStream<TriageCommand> triage,
            SearchDocuments documents,
            PolicyHistory policies,
            String uidSuffix) {
        DataStream<MonitorOutput> outputs =
                warnings.map(MonitorOutput::of)
                        .returns(MonitorOutput.class)
                        .uid("triage-warnings" + uidSuffix)
                        .name("warnings for triage")
                        .union(
                                ledger.map(MonitorOutput::of)
                                        .returns(MonitorOutput.class)
                                        .uid("triage-ledger" + uidSuffix)
                                        .name("ledger for triage"));
        DataStream<TriageCommand> actions =
                triage == null
                        ? warnings.getExecutionEnvironment()
                                .fromData(new TriageCommand())
                                .uid("source-no-triage" + uidSuffix)
                                .filter(c -> false)
                                .uid("no-triage" + uidSuffix)
                                .name("no triage actions")
                        : triage;
        return DataStreamUtils.reinterpretAsKeyedStream(outputs, MonitorOutput::psnNo, Types.STRING)
                .connect(actions.keyBy(TriageCommand::psnNo))
                .transform(
                        "warning triage",
                        TypeInformation.of(SearchDocument.class),
                        new TriageOperator(
                                new WarningTriage(policies.policies().get(0), documents)))
                .uid("warning-triage" + uidSuffix);
    }

    /** The raw records of a source, at its parallelism (uid {@code source-<name>}). */
    private static SingleOutputStreamOperator<RawRecord> read(
            StreamExecutionEnvironment env, Sources.Input input) {
        return read(env, input, WatermarkStrategy.noWatermarks());
    }

    /** As above, with event time assigned at the source by {@code watermarks}. */
    private static SingleOutputStreamOperator<RawRecord> read(
            StreamExecutionEnvironment env,
            Sources.Input input,
            WatermarkStrategy<RawRecord> watermarks) {
        SingleOutputStreamOperator<RawRecord> raw =
                env.fromSource(
                                input.source(),
                                watermarks,
                                input.name(),
                                // a HybridSource (backtest from Kafka) does not tell its type
                                TypeInformation.of(RawRecord.class))
                        .uid("source-" + input.name());
        if (input.parallelism() > 0) {
            raw.setParallelism(input.parallelism());
        }
        return raw;
    }

    /**
     * Decoded triage actions of {@code sources.triage()} (undecodable ones to its dead-letter side
     * output); {@link TriageOperator} ignores their event time: an action applies at the
     * settlements' event time.
     */
    private static SingleOutputStreamOperator<TriageCommand> triageActions(
            StreamExecutionEnvironment env, Sources sources) {
        Sources.Input input = sources.triage();
        SingleOutputStreamOperator<TriageCommand> decoded =
                read(env, input)
                        .process(new DecodeTriage())
                        .uid("decode-triage")
                        .name("decode triage");
        if (input.parallelism() > 0) {
            decoded.setParallelism(input.parallelism());
        }
        return decoded;
    }

    /**
     * Validated policies from {@code sources.policies()} (invalid ones to its dead-letter side
     * output), or an empty stream; {@link MonitorOperator} ignores their event time.
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
