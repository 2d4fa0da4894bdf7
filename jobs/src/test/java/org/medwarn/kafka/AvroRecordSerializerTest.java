package org.medwarn.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Record timestamps that the broker accepts (no broker needed: the rule is pure). */
class AvroRecordSerializerTest {
    private static final long NOW = 1_795_000_000_000L;

    @Test
    void keepsEventTimesUpToNow() {
        assertThat(AvroRecordSerializer.recordTimestamp(NOW - 1, NOW)).isEqualTo(NOW - 1);
        assertThat(AvroRecordSerializer.recordTimestamp(NOW, NOW)).isEqualTo(NOW);
        assertThat(AvroRecordSerializer.recordTimestamp(null, NOW)).isNull();
    }

    @Test
    void leavesFutureEventTimesToTheProducersClock() {
        // the year-close row of 2026 when a bounded input ends: 2027-04-01 00:00 China time
        assertThat(AvroRecordSerializer.recordTimestamp(1_806_508_800_000L, NOW)).isNull();
    }
}
