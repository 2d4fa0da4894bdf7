package org.medwarn.job;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.medwarn.ingest.InputLimits;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.SettlementTimeAtSource;

/**
 * The raw inputs of the monitoring workflow: the {@code settlements} and {@code persons} topics in
 * the live job; one ordered file source (registry first, then settlements) in a replay.
 *
 * @param inputs named sources of raw records, of either kind
 * @param watermarks event-time strategy applied after decoding, to inputs without their own
 *     strategy at the source ({@link Input#atSource()})
 * @param policies the {@code policies} topic (YAML text per record), or null: policies published
 *     while the job runs, broadcast to every monitor instance
 * @param limits size and settlement-time limits of the decoder ({@link InputLimits#DEFAULTS})
 * @param triage the {@code triage} topic (Avro {@code TriageAction}), or null: officers' actions on
 *     warnings, applied to the warning documents when the job writes to a search engine
 */
public record Sources(
        List<Input> inputs,
        WatermarkStrategy<MonitoringEvent> watermarks,
        Input policies,
        InputLimits limits,
        Input triage) {

    /** Sources with the default input limits, without triage actions. */
    public Sources(
            List<Input> inputs, WatermarkStrategy<MonitoringEvent> watermarks, Input policies) {
        this(inputs, watermarks, policies, InputLimits.DEFAULTS, null);
    }

    /** Sources with the default input limits and the officers' {@code triage} actions. */
    public Sources(
            List<Input> inputs,
            WatermarkStrategy<MonitoringEvent> watermarks,
            Input policies,
            Input triage) {
        this(inputs, watermarks, policies, InputLimits.DEFAULTS, triage);
    }

    /** These sources, decoded under {@code limits}. */
    public Sources withLimits(InputLimits limits) {
        return new Sources(inputs, watermarks, policies, limits, triage);
    }

    /** Sources without live policy updates. */
    public Sources(List<Input> inputs, WatermarkStrategy<MonitoringEvent> watermarks) {
        this(inputs, watermarks, null);
    }

    /**
     * One source.
     *
     * @param name operator name and uid stem, e.g. {@code settlements}
     * @param source the source of raw records
     * @param parallelism its parallelism, or -1 for the job's default
     * @param atSource its event-time strategy, given to the source so that Flink keeps one
     *     watermark per split (a Kafka topic's partitions: {@link
     *     org.medwarn.ingest.SettlementTimeWatermarks#liveAtSource}), with {@code setl_time} as
     *     timestamp ({@link SettlementTimeAtSource}, under the sources' {@link #limits()}); or null
     *     for the sources' {@link #watermarks()} after decoding
     */
    public record Input(
            String name,
            Source<RawRecord, ?, ?> source,
            int parallelism,
            WatermarkStrategy<RawRecord> atSource) {

        /** An input under the sources' event-time strategy, after decoding. */
        public Input(String name, Source<RawRecord, ?, ?> source, int parallelism) {
            this(name, source, parallelism, null);
        }
    }

    /**
     * The event-time strategy {@code input}'s source runs: its {@link Input#atSource()} with {@code
     * setl_time} decoded there under {@link #limits()}, else none (event time after decoding).
     */
    public WatermarkStrategy<RawRecord> watermarksAtSource(Input input) {
        return input.atSource() == null
                ? WatermarkStrategy.noWatermarks()
                : input.atSource().withTimestampAssigner(SettlementTimeAtSource.supplier(limits));
    }

    /** Default bound on how far settlement times may run out of order in a stream. */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofMinutes(1);
}
