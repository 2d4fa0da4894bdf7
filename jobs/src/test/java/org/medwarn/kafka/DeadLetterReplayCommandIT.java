package org.medwarn.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medwarn.avro.DeadLetter;
import org.medwarn.job.KafkaTestInput;
import org.medwarn.job.TestBroker;
import org.medwarn.time.ChinaTime;

/**
 * {@code dead-letters replay} on a real broker: the raw bytes of the chosen dead letters go back to
 * their input topic, keyed by {@code psn_no}; the others (other reasons, written before {@code
 * --from}, from the search sink) stay; {@code --dry-run} publishes nothing.
 */
class DeadLetterReplayCommandIT {
    @RegisterExtension static final TestBroker broker = new TestBroker();

    @Test
    void republishesTheRawBytesOfTheChosenDeadLetters() throws Exception {
        long now = System.currentTimeMillis();
        long hourAgo = now - Duration.ofHours(1).toMillis();
        long dayAgo = now - Duration.ofDays(1).toMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                Topics.byteProducer(broker.bootstrapServers())) {
            write(producer, dayAgo, "UNKNOWN_SCHEMA", "settlements", "P0", "old");
            write(producer, hourAgo, "UNKNOWN_SCHEMA", "settlements", "P1", "chosen-1");
            write(producer, hourAgo, "UNKNOWN_SCHEMA", "persons", null, "chosen-2");
            write(producer, hourAgo, "BAD_AMOUNT", "settlements", "P3", "other reason");
            write(producer, hourAgo, "UNKNOWN_SCHEMA", "medwarn-ledger", null, "search doc");
        }
        String from = ChinaTime.format(now - Duration.ofHours(2).toMillis());

        String dry = run("--reason", "UNKNOWN_SCHEMA", "--from", from, "--dry-run");
        assertThat(dry).contains("would re-publish 2 dead letters");
        assertThat(read("settlements", 0)).isEmpty();

        String done = run("--reason", "UNKNOWN_SCHEMA", "--from", from);
        assertThat(done)
                .contains("re-published 2 dead letters")
                .contains("UNKNOWN_SCHEMA -> persons=1", "UNKNOWN_SCHEMA -> settlements=1");
        List<ConsumerRecord<byte[], byte[]>> settlements = read("settlements", 1);
        assertThat(settlements).hasSize(1);
        assertThat(new String(settlements.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("chosen-1");
        assertThat(new String(settlements.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("P1");
        List<ConsumerRecord<byte[], byte[]>> persons = read("persons", 1);
        assertThat(persons).hasSize(1);
        assertThat(new String(persons.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("chosen-2");
    }

    private static String run(String... options) throws Exception {
        List<String> argv = new ArrayList<>(List.of("replay"));
        argv.addAll(List.of("--bootstrap-servers", broker.bootstrapServers()));
        argv.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeadLetterReplayCommand.run(
                argv.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(
            KafkaProducer<byte[], byte[]> producer,
            long timestamp,
            String reason,
            String source,
            String psnNo,
            String raw)
            throws Exception {
        DeadLetter d =
                DeadLetter.newBuilder()
                        .setReason(reason)
                        .setDetail("test")
                        .setSource(source)
                        .setPsnNo(psnNo)
                        .setRaw(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)))
                        .build();
        ByteBuffer b = d.toByteBuffer();
        byte[] value = new byte[b.remaining()];
        b.get(value);
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, timestamp, null, value))
                .get();
    }

    /** Everything in {@code topic}: at least {@code expected} records, then 2 s more. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        return KafkaTestInput.readCommitted(
                broker.bootstrapServers(),
                topic,
                records -> records.size() >= expected,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }
}
