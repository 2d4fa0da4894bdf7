package org.medwarn.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.medwarn.cli.Args;
import org.medwarn.ingest.RawRecord;
import org.medwarn.ingest.RecordDecoder;
import org.medwarn.ingest.RejectedInputException;
import org.medwarn.kafka.Topics;

/**
 * Contender "limit": what the settlements topic can deliver at all. Plain Kafka consumers, one
 * thread per partition group ({@code --parallelism}), read the topic from offset 0 to its end
 * offsets and decode and validate every record with the job's own {@link RecordDecoder} (Avro
 * single-object decoding plus the input rules), then drop it. Reports {@code runtime_ms} and {@code
 * records}.
 */
public final class ConsumerLimit {
    private ConsumerLimit() {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args("limit", argv, java.util.Set.of("bootstrap-servers", "parallelism"));
        String bootstrap = a.required("bootstrap-servers");
        int threads = a.intValue("parallelism", 2);
        List<TopicPartition> partitions;
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> c = BenchData.consumer(bootstrap)) {
            partitions =
                    c.partitionsFor(Topics.SETTLEMENTS).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            ends = c.endOffsets(partitions);
        }
        AtomicLong records = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int i = t; i < partitions.size(); i += threads) {
                mine.add(partitions.get(i));
            }
            Thread w =
                    new Thread(
                            () -> readToEnd(bootstrap, mine, ends, records, rejected),
                            "limit-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        ContenderOptions.report("runtime_ms", (System.nanoTime() - start) / 1_000_000);
        ContenderOptions.report("records", records.get());
        ContenderOptions.report("rejected", rejected.get());
    }

    private static void readToEnd(
            String bootstrap,
            List<TopicPartition> mine,
            Map<TopicPartition, Long> ends,
            AtomicLong records,
            AtomicLong rejected) {
        if (mine.isEmpty()) {
            return;
        }
        RecordDecoder decoder = new RecordDecoder();
        RawRecord raw = new RawRecord();
        raw.kind = RawRecord.InputKind.SETTLEMENT;
        raw.encoding = RawRecord.Encoding.AVRO;
        try (KafkaConsumer<byte[], byte[]> c = BenchData.consumer(bootstrap)) {
            c.assign(mine);
            c.seekToBeginning(mine);
            long n = 0;
            long bad = 0;
            while (mine.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    raw.value = r.value();
                    try {
                        decoder.decode(raw);
                        n++;
                    } catch (RejectedInputException e) {
                        bad++;
                    }
                }
            }
            records.addAndGet(n);
            rejected.addAndGet(bad);
        }
    }
}
