package org.medwarn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The dead-letter counters, under the names the README's Operations section gives. */
class DeadLettersTest {
    @Test
    void countsInTotalAndPerReason() {
        MetricListener metrics = new MetricListener();
        DeadLetters deadLetters = new DeadLetters(metrics.getMetricGroup());
        deadLetters.count(DeadLetterReason.OVERSIZED);
        deadLetters.count(DeadLetterReason.OVERSIZED);
        deadLetters.count(DeadLetterReason.FUTURE_TIME);

        assertThat(metrics.getCounter("medwarn", "deadLetters").map(Counter::getCount))
                .contains(3L);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            long expected =
                    r == DeadLetterReason.OVERSIZED ? 2 : r == DeadLetterReason.FUTURE_TIME ? 1 : 0;
            assertThat(
                            metrics.getCounter("medwarn", "deadLettersByReason", r.name())
                                    .map(Counter::getCount))
                    .as(r.name())
                    .contains(expected);
        }
    }

    @Test
    void deadLetterKeepsTheRawBytesAndWhereTheyCameFrom() {
        byte[] bytes = {1, 2, 3};
        RawRecord raw =
                new RawRecord(
                        RawRecord.InputKind.SETTLEMENT,
                        RawRecord.Encoding.AVRO,
                        "settlements",
                        1,
                        7L,
                        bytes,
                        1_000L);
        var d = DeadLetters.of(raw, DeadLetterReason.OVERSIZED, "record: too big");
        assertThat(d.getReason()).isEqualTo("OVERSIZED");
        assertThat(d.getSource()).isEqualTo("settlements");
        assertThat(d.getPartition()).isEqualTo(1);
        assertThat(d.getOffset()).isEqualTo(7L);
        assertThat(d.getRaw().array()).containsExactly(1, 2, 3);
    }
}
