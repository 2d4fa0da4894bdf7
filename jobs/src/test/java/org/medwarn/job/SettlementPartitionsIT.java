package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medwarn.avro.Settlement;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/**
 * The live job's event time with one reader of both {@code settlements} partitions (parallelism 1),
 * on a real broker: partition 0 has a backlog up to late February; partition 1's January
 * settlements arrive after the reader has read partition 0 and several watermark intervals have
 * passed. They must not be late: partition 1 holds event time from the moment it is assigned. With
 * one watermark per reader, partition 0 carried it to February alone and the January settlements
 * came in behind it (what made {@code FailureRecoveryIT} miss an assisted person's January 蓝 in the
 * screenings).
 */
class SettlementPartitionsIT {
    @RegisterExtension static final TestBroker broker = new TestBroker();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aPartitionThatDeliversLaterIsNotJudgedByTheOtherPartitionsWatermark() throws Exception {
        produce(0, "F", "2025-02-20 10:00:00", 3);

        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                        broker.bootstrapServers(),
                        PolicyLoader.defaultPolicy(),
                        1,
                        null,
                        0, // no checkpoints: the settlements are read at once
                        "medwarn-it-partitions");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(50);
        List<MonitoringEvent> january = new ArrayList<>();
        try (CloseableIterator<MonitoringEvent> events =
                MonitoringWorkflow.inputs(env, MonitoringJob.kafkaSources(settings))
                        .events()
                        .filter(e -> e.type == MonitoringEvent.Type.SETTLEMENT)
                        .collectAsync()) {
            JobClient job = env.executeAsync("settlement partitions");
            try {
                assertThat(events.next().setlId).startsWith("F");
                Thread.sleep(1_000); // 20 watermark intervals after partition 0's backlog
                produce(1, "J", "2025-01-08 00:40:00", 2);
                while (january.size() < 2) {
                    MonitoringEvent e = events.next();
                    if (e.setlId.startsWith("J")) {
                        january.add(e);
                    }
                }
            } finally {
                job.cancel().get();
            }
        }
        for (MonitoringEvent e : january) {
            assertThat(e.inputWatermark)
                    .as(
                            "watermark of its input before %s (%s)",
                            e.setlId, ChinaTime.format(e.eventTime))
                    .isLessThan(e.eventTime);
        }
    }

    /** {@code count} settlements dated {@code time} into {@code partition} of settlements. */
    private static void produce(int partition, String idPrefix, String time, int count)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                Topics.byteProducer(broker.bootstrapServers())) {
            for (int i = 0; i < count; i++) {
                ByteBuffer b =
                        Settlement.newBuilder()
                                .setSetlId(idPrefix + i)
                                .setPsnNo("P" + idPrefix + i)
                                .setSetlTime(time)
                                .setMedfeeSumamt(new BigDecimal("1000.00"))
                                .setFundPaySumamt(new BigDecimal("700.00"))
                                .setPsnPartAmt(new BigDecimal("300.00"))
                                .setRefdSetlFlag("0")
                                .setInsuAdmdvs("371525")
                                .build()
                                .toByteBuffer();
                byte[] value = new byte[b.remaining()];
                b.get(value);
                producer.send(new ProducerRecord<>(Topics.SETTLEMENTS, partition, null, value))
                        .get();
            }
        }
    }
}
