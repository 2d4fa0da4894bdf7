package org.medwarn.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.medwarn.avro.DeadLetter;
import org.medwarn.cli.Args;
import org.medwarn.ingest.DeadLetterReason;
import org.medwarn.time.ChinaTime;

/**
 * {@code medwarn dead-letters replay --bootstrap-servers HOST:PORT --reason R[,R…] [--from TIME]
 * [--to TIME] [--source TOPIC] [--dry-run]}: after a fix (a new schema registered, a limit raised,
 * the producer corrected), re-publishes the raw bytes of chosen dead letters to the input topic
 * they came from ({@code settlements}, {@code persons} or {@code policies}), where the running job
 * reads them again like any new record.
 *
 * <p>Reads {@code dead-letters} with {@code read_committed} from {@code --from} (the time the job
 * wrote the dead letter, China time; default: the beginning) up to the end offsets taken when it
 * starts, so the dead letters that the replayed records may cause again are not read again. A dead
 * letter is chosen when its reason is one of {@code --reason} and its record time is before {@code
 * --to} and, with {@code --source}, it came from that topic. Dead letters of other sources (files,
 * search documents) are never re-published. The key is the dead letter's {@code psn_no} when it has
 * one (a record that could not be decoded has none and lands on any partition; the job keys by
 * {@code psn_no} itself), {@link Topics#POLICY_KEY} for policies. {@code --dry-run} only counts.
 * Re-publishing is at least once: a record replayed twice is a redelivery, which the job ignores as
 * a duplicate.
 */
public final class DeadLetterReplayCommand {
    static final Set<String> OPTIONS =
            Set.of("bootstrap-servers", "reason", "from", "to", "source", "dry-run");

    /** The topics a dead letter can be re-published to: the job's inputs. */
    static final Set<String> INPUT_TOPICS =
            Set.of(Topics.SETTLEMENTS, Topics.PERSONS, Topics.POLICIES);

    private static final long PROGRESS_EVERY_MS = 5_000;

    private DeadLetterReplayCommand() {}

    /**
     * Which dead letters to re-publish.
     *
     * @param reasons reason codes
     * @param from earliest dead-letter record time, epoch millis (inclusive)
     * @param to latest dead-letter record time, epoch millis (exclusive)
     * @param source the input topic, or null for every input topic
     */
    record Selection(Set<DeadLetterReason> reasons, long from, long to, String source) {

        static Selection of(Args a) {
            Set<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
            for (String value : a.all("reason")) {
                for (String name : value.split(",")) {
                    try {
                        reasons.add(DeadLetterReason.valueOf(name.trim()));
                    } catch (IllegalArgumentException e) {
                        throw new Args.UsageException(
                                "dead-letters replay: --reason '"
                                        + name.trim()
                                        + "' is not one of "
                                        + Arrays.toString(DeadLetterReason.values()));
                    }
                }
            }
            if (reasons.isEmpty()) {
                throw new Args.UsageException(
                        "dead-letters replay: --reason is required (e.g. --reason UNKNOWN_SCHEMA)");
            }
            String source = a.get("source", null);
            if (source != null && !INPUT_TOPICS.contains(source)) {
                throw new Args.UsageException(
                        "dead-letters replay: --source '"
                                + source
                                + "' is not an input topic "
                                + new java.util.TreeSet<>(INPUT_TOPICS));
            }
            return new Selection(
                    reasons,
                    time(a, "from", Long.MIN_VALUE),
                    time(a, "to", Long.MAX_VALUE),
                    source);
        }

        private static long time(Args a, String option, long fallback) {
            String value = a.get(option, null);
            try {
                return value == null ? fallback : ChinaTime.parse(value);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(
                        "dead-letters replay: --" + option + " " + e.getMessage());
            }
        }

        /** Whether the dead letter {@code d}, written at {@code timestamp}, is to be replayed. */
        boolean chooses(DeadLetter d, long timestamp) {
            return timestamp >= from
                    && timestamp < to
                    && INPUT_TOPICS.contains(d.getSource())
                    && (source == null || source.equals(d.getSource()))
                    && reasons.stream().anyMatch(r -> r.name().equals(d.getReason()));
        }
    }

    public static void run(String[] argv, PrintStream out) throws Exception {
        if (argv.length < 1 || !argv[0].equals("replay")) {
            throw new Args.UsageException(
                    "dead-letters: usage: dead-letters replay --bootstrap-servers HOST:PORT"
                            + " --reason R[,R...] [--from TIME] [--to TIME] [--source TOPIC]"
                            + " [--dry-run]");
        }
        Args a = new Args("dead-letters replay", Arrays.copyOfRange(argv, 1, argv.length), OPTIONS);
        String bootstrap = a.required("bootstrap-servers");
        Map<String, Long> replayed = replay(bootstrap, Selection.of(a), a.flag("dry-run"), out);
        long total = replayed.values().stream().mapToLong(Long::longValue).sum();
        out.printf(
                "dead-letters replay: %s %,d dead letters %s%n",
                a.flag("dry-run") ? "would re-publish" : "re-published", total, replayed);
    }

    /**
     * Re-publishes the dead letters {@code selection} chooses (counts them only when {@code
     * dryRun}), printing progress every 5 seconds.
     *
     * @return how many, by "REASON -> topic"
     */
    static Map<String, Long> replay(
            String bootstrap, Selection selection, boolean dryRun, PrintStream out)
            throws IOException {
        Map<String, Long> replayed = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Topics.byteConsumer(bootstrap);
                KafkaProducer<byte[], byte[]> producer = Topics.byteProducer(bootstrap)) {
            List<TopicPartition> partitions = Topics.assignAll(consumer, Topics.DEAD_LETTERS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seek(consumer, partitions, selection.from());
            long read = 0;
            long lastProgress = System.currentTimeMillis();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue; // written after the start: not this replay's
                    }
                    read++;
                    DeadLetter d = DeadLetter.getDecoder().decode(r.value());
                    if (!selection.chooses(d, r.timestamp())) {
                        continue;
                    }
                    if (!dryRun) {
                        producer.send(
                                new ProducerRecord<>(d.getSource(), key(d), bytes(d.getRaw())));
                    }
                    replayed.merge(d.getReason() + " -> " + d.getSource(), 1L, Long::sum);
                }
                if (System.currentTimeMillis() - lastProgress >= PROGRESS_EVERY_MS) {
                    lastProgress = System.currentTimeMillis();
                    out.printf(
                            "dead-letters replay: read %,d dead letters, chosen %,d%n",
                            read, replayed.values().stream().mapToLong(Long::longValue).sum());
                }
            }
            producer.flush();
        }
        return replayed;
    }

    /** Positions every partition at the first record written at or after {@code from}. */
    private static void seek(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long from) {
        if (from == Long.MIN_VALUE) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = found.get(p);
            if (o == null) {
                consumer.seekToEnd(List.of(p));
            } else {
                consumer.seek(p, o.offset());
            }
        }
    }

    private static byte[] key(DeadLetter d) {
        if (Topics.POLICIES.equals(d.getSource())) {
            return Topics.POLICY_KEY.getBytes(StandardCharsets.UTF_8);
        }
        return d.getPsnNo() == null ? null : d.getPsnNo().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
