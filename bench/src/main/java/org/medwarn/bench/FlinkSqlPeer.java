package org.medwarn.bench;

import java.util.Comparator;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.RecordDecoder;
import org.medwarn.ingest.RejectedInputException;
import org.medwarn.job.MonitoringJob;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Policy;
import org.medwarn.time.ChinaTime;

/**
 * Contender "flink-sql": the same screening written in Flink SQL, in the same environment as ours
 * (RocksDB, incremental checkpoints, exactly-once Kafka sink, no Kryo). Input is decoded exactly as
 * ours decodes it (the job's {@link RecordDecoder} in the Kafka deserializer), so the comparison is
 * of the processing, not of the input format. The query:
 *
 * <ol>
 *   <li>deduplicate by {@code setl_id}, first row wins ({@code ROW_NUMBER() ... = 1});
 *   <li>annual total of {@code psn_part_amt} per person and calendar year (China time); a reversal
 *       carries negative amounts and so cancels its original;
 *   <li>level per person-year from the policy's thresholds and the registry's category (a {@code
 *       LEFT JOIN}: no entry means ordinary);
 *   <li>{@code SELECT DISTINCT person, year, level} (level ≠ NONE): its changelog is the level
 *       changes, i.e. the warnings, written to {@value BenchCommand#SQL_WARNINGS}.
 * </ol>
 *
 * Not covered, unlike ours: conflicting duplicates, reversals before their original, the late
 * bound, registry versions by effective time, the ledger and dead letters.
 */
public final class FlinkSqlPeer {
    private FlinkSqlPeer() {}

    public static void main(String[] argv) throws Exception {
        ContenderOptions o = ContenderOptions.parse("flink-sql", argv);
        MonitoringJob.Settings s = o.settings();
        StreamExecutionEnvironment env = MonitoringJob.environment(s);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);

        DataStream<Row> settlements =
                env.fromSource(
                                BenchSources.kafka(
                                        s.bootstrapServers(),
                                        Topics.SETTLEMENTS,
                                        s.groupId(),
                                        new Rows(RawRecord.InputKind.SETTLEMENT),
                                        o.mode(),
                                        false),
                                WatermarkStrategy.noWatermarks(),
                                Topics.SETTLEMENTS)
                        .uid("source-settlements");
        DataStream<Row> persons =
                env.fromSource(
                                BenchSources.kafka(
                                        s.bootstrapServers(),
                                        Topics.PERSONS,
                                        s.groupId(),
                                        new Rows(RawRecord.InputKind.PERSON),
                                        o.mode(),
                                        true),
                                WatermarkStrategy.noWatermarks(),
                                Topics.PERSONS)
                        .uid("source-persons");
        tables.createTemporaryView(
                "settlements",
                tables.fromDataStream(
                        settlements,
                        Schema.newBuilder().columnByExpression("pt", "PROCTIME()").build()));
        tables.createTemporaryView("registry", tables.fromDataStream(persons));
        for (String view : views(s.policy())) {
            tables.executeSql(view);
        }
        Table warnings =
                tables.sqlQuery("SELECT DISTINCT psn_no, yr, lvl FROM levels WHERE lvl <> 'NONE'");

        tables.toChangelogStream(warnings)
                .map(
                        r ->
                                r.getKind().shortString()
                                        + " "
                                        + r.getField(0)
                                        + " "
                                        + r.getField(1)
                                        + " "
                                        + r.getField(2))
                .returns(Types.STRING)
                .uid("format-warnings")
                .name("format warnings")
                .sinkTo(
                        KafkaSink.<String>builder()
                                .setBootstrapServers(s.bootstrapServers())
                                .setRecordSerializer(
                                        KafkaRecordSerializationSchema.builder()
                                                .setTopic(BenchCommand.SQL_WARNINGS)
                                                .setValueSerializationSchema(
                                                        new SimpleStringSchema())
                                                .build())
                                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .setTransactionalIdPrefix(s.groupId() + "-sql")
                                .setProperty("transaction.timeout.ms", "600000")
                                .build())
                .uid("sink-sql-warnings")
                .name("sql warnings");
        ContenderOptions.report("runtime_ms", env.execute("bench flink-sql").getNetRuntime());
    }

    /** The SQL views: deduplicated settlements, annual totals, levels. */
    static String[] views(Policy policy) {
        return new String[] {
            "CREATE TEMPORARY VIEW counted AS SELECT setl_id, psn_no, yr, cents FROM ("
                    + " SELECT *, ROW_NUMBER() OVER (PARTITION BY setl_id ORDER BY pt ASC) AS rn"
                    + " FROM settlements) WHERE rn = 1",
            "CREATE TEMPORARY VIEW totals AS SELECT psn_no, yr, SUM(cents) AS total"
                    + " FROM counted GROUP BY psn_no, yr",
            "CREATE TEMPORARY VIEW levels AS SELECT t.psn_no, t.yr, "
                    + levelCase(
                            policy, "COALESCE(r.category, 'ORDINARY')", "t.total", String::valueOf)
                    + " AS lvl FROM totals t LEFT JOIN registry r ON t.psn_no = r.psn_no"
        };
    }

    /**
     * {@code CASE} over the policy's thresholds, highest level first, per category.
     *
     * @param threshold SQL literal of a threshold given in cents
     */
    static String levelCase(
            Policy policy, String category, String total, LongFunction<String> threshold) {
        StringBuilder b = new StringBuilder("CASE");
        for (Category c : Category.values()) {
            policy.thresholds(c).asMap().entrySet().stream()
                    .sorted(Map.Entry.<Level, Long>comparingByValue(Comparator.reverseOrder()))
                    .forEach(
                            e ->
                                    b.append(
                                            String.format(
                                                    " WHEN %s = '%s' AND %s >= %s THEN '%s'",
                                                    category,
                                                    c,
                                                    total,
                                                    threshold.apply(e.getValue()),
                                                    e.getKey())));
        }
        return b.append(" ELSE 'NONE' END").toString();
    }

    /**
     * Decodes Kafka records with the job's {@link RecordDecoder} into rows: settlements as {@code
     * (setl_id, psn_no, yr, cents)}, registry records as {@code (psn_no, category)}. Rejected input
     * is dropped (ours dead-letters it; the sample data has none).
     */
    static final class Rows implements KafkaRecordDeserializationSchema<Row> {
        private static final long serialVersionUID = 1L;
        private final RawRecord.InputKind kind;
        private transient RecordDecoder decoder;
        private transient RawRecord raw;

        Rows(RawRecord.InputKind kind) {
            this.kind = kind;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Row> out) {
            if (decoder == null) {
                decoder = new RecordDecoder();
                raw = new RawRecord();
                raw.kind = kind;
                raw.encoding = RawRecord.Encoding.AVRO;
            }
            raw.value = record.value();
            MonitoringEvent e;
            try {
                e = decoder.decode(raw);
            } catch (RejectedInputException rejected) {
                return;
            }
            out.collect(
                    kind == RawRecord.InputKind.SETTLEMENT
                            ? Row.of(
                                    e.setlId,
                                    e.psnNo,
                                    ChinaTime.yearOf(e.eventTime),
                                    e.psnPartCents)
                            : Row.of(e.psnNo, e.category.name()));
        }

        @Override
        public TypeInformation<Row> getProducedType() {
            return kind == RawRecord.InputKind.SETTLEMENT
                    ? Types.ROW_NAMED(
                            new String[] {"setl_id", "psn_no", "yr", "cents"},
                            Types.STRING,
                            Types.STRING,
                            Types.INT,
                            Types.LONG)
                    : Types.ROW_NAMED(
                            new String[] {"psn_no", "category"}, Types.STRING, Types.STRING);
        }
    }
}
