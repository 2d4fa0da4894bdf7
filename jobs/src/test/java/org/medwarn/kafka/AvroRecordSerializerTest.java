package org.medwarn.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.DeadLetter;

/** Record timestamps that the broker keeps and accepts (no broker needed: the rule is pure). */
class AvroRecordSerializerTest {
    private final AvroRecordSerializer<DeadLetter> serializer =
            new AvroRecordSerializer<>(
                    Topics.DEAD_LETTERS, DeadLetter.getClassSchema(), DeadLetter::getPsnNo);

    private static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setReason("LATE_BEYOND_BOUND")
                .setDetail("test")
                .setSource("settlements")
                .setPsnNo("P001")
                .setRaw(ByteBuffer.wrap(new byte[] {1}))
                .build();
    }

    @Test
    void eventTimesLongPastAreNotTheRecordTimestamp() {
        // 2025-01-01: the broker's time retention (7 days) would delete the record within minutes
        ProducerRecord<byte[], byte[]> r =
                serializer.serialize(deadLetter(), null, 1_735_660_800_000L);
        assertThat(r.timestamp()).isNull();
        assertThat(r.key()).isEqualTo("P001".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void eventTimesInTheFutureAreNotTheRecordTimestamp() {
        // the year-close row of 2026 when a bounded input ends: 2027-04-01 00:00 China time, which
        // the broker rejects (more than message.timestamp.after.max.ms ahead)
        assertThat(serializer.serialize(deadLetter(), null, 1_806_508_800_000L).timestamp())
                .isNull();
    }
}
