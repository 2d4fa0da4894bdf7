package org.medwarn.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.avro.Settlement;
import org.medwarn.avro.Warning;
import org.medwarn.generate.PersonGenerator;
import org.medwarn.generate.ProbeSettlement;
import org.medwarn.generate.SettlementGenerator;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Money;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.searchnode.EmbeddedSearchNode;

/**
 * Latency of a red warning: the monitoring job runs live (child JVM) while settlements arrive at a
 * steady background rate; ten times a second a probe settlement makes a new person red at once. The
 * time from handing the probe to the producer to reading its RED warning with {@code
 * read_committed} (i.e. after the exactly-once transaction committed at a checkpoint) is the
 * latency to Kafka. The job also writes to an embedded search node (child JVM, as {@code medwarn
 * local} does); the time from the same hand-over until the probe's RED warning document is returned
 * by a search of {@code medwarn-warnings} (polled every {@value #SEARCH_POLL_MS} ms, so after the
 * sink's write and the index's refresh) is the latency to the search engine. Batch screening's
 * detection delay is computed from its cadence, for comparison.
 */
final class LatencyRun {
    private static final int PROBES_PER_SECOND = 10;
    private static final long DRAIN_MS = 15_000;
    private static final long SEARCH_POLL_MS = 20;

    private LatencyRun() {}

    static void run(BenchCommand.Settings s, String bootstrap, Report report, PrintStream out)
            throws Exception {
        int p = s.mainParallelism();
        String load = Machine.load();
        out.printf(
                "bench: latency at %,d settlements/s for %d s (+%d s warm-up), ours p=%d (load"
                        + " %s) ...%n",
                s.rate(), s.latencySeconds(), s.latencyWarmUpSeconds(), p, load);
        long[] latencies;
        long[] searchLatencies;
        int sent;
        CheckpointLog checkpoints = new CheckpointLog();
        out.println("bench: starting the search node for the latency run ...");
        try (EmbeddedSearchNode search =
                        EmbeddedSearchNode.builder()
                                .dataDir(s.out().resolve("search-latency"))
                                .maxHeap("1g")
                                .jvmOption("-XX:TieredStopAtLevel=4")
                                .start();
                ChildJvm job =
                        ChildJvm.start(
                                OursContender.class,
                                ContenderOptions.args(
                                        bootstrap,
                                        p,
                                        s.out().resolve("checkpoints-latency"),
                                        s.checkpointIntervalMs(),
                                        "bench-latency",
                                        BenchSources.Mode.LIVE,
                                        search.httpUrl()),
                                false,
                                List.of(),
                                BenchCommand.log(s, "latency"),
                                checkpoints);
                SearchedWarnings searched = new SearchedWarnings(search.httpUrl());
                KafkaConsumer<byte[], byte[]> warnings = BenchData.consumer(bootstrap)) {
            job.awaitResult("ready", 120_000);
            List<TopicPartition> parts =
                    warnings.partitionsFor(Topics.WARNINGS).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            warnings.assign(parts);
            warnings.seekToEnd(parts);
            parts.forEach(warnings::position);
            // Every task runs (and the sources have resolved "latest") once a checkpoint completed.
            checkpoints.awaitFirst(300_000);

            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<Long> measured = new ArrayList<>();
            Map<String, Long> searchable = new HashMap<>();
            long nextSearch = 0;
            AtomicBoolean feeding = new AtomicBoolean(true);
            AtomicLong probes = new AtomicLong();
            AtomicLong ranOutAfterMs = new AtomicLong(-1);
            long feedStart = System.nanoTime();
            Thread feeder =
                    new Thread(
                            () -> {
                                feed(s, bootstrap, sentAt, probes, feeding);
                                if (feeding.get()) {
                                    ranOutAfterMs.set((System.nanoTime() - feedStart) / 1_000_000);
                                }
                            },
                            "bench-latency-feed");
            feeder.setDaemon(true);
            feeder.start();
            long end =
                    System.nanoTime()
                            + (s.latencyWarmUpSeconds() + s.latencySeconds()) * 1_000_000_000L;
            long drainEnd = end + DRAIN_MS * 1_000_000;
            while (System.nanoTime() < drainEnd) {
                if (System.nanoTime() >= end) {
                    feeding.set(false);
                    if (measured.size() >= sentAt.size() && searchable.size() >= sentAt.size()) {
                        break;
                    }
                }
                for (ConsumerRecord<byte[], byte[]> r : warnings.poll(Duration.ofMillis(10))) {
                    long now = System.nanoTime();
                    Warning w = Warning.getDecoder().decode(r.value());
                    Long t = sentAt.get(w.getPsnNo());
                    if (t != null && w.getToLevel() == Level.RED) {
                        measured.add((now - t) / 1_000);
                    }
                }
                if (System.nanoTime() >= nextSearch) {
                    nextSearch = System.nanoTime() + SEARCH_POLL_MS * 1_000_000;
                    List<String> waiting =
                            sentAt.keySet().stream()
                                    .filter(k -> !searchable.containsKey(k))
                                    .toList();
                    for (String psn : searched.red(waiting)) {
                        long now = System.nanoTime();
                        searchable.put(psn, (now - sentAt.get(psn)) / 1_000);
                    }
                }
            }
            feeding.set(false);
            feeder.join(10_000);
            if (ranOutAfterMs.get() >= 0) {
                out.printf(
                        "bench: WARNING the background feed ran out of generated settlements after"
                                + " %.1f s of %d s (the year of %,d persons, up to now: later ones"
                                + " would be dead letters for a future setl_time): fewer probes"
                                + " than asked and a lighter load; use more --persons%n",
                        ranOutAfterMs.get() / 1000.0,
                        s.latencyWarmUpSeconds() + s.latencySeconds(),
                        s.persons());
            }
            sent = sentAt.size();
            latencies = measured.stream().mapToLong(Long::longValue).sorted().toArray();
            searchLatencies =
                    searchable.values().stream().mapToLong(Long::longValue).sorted().toArray();
        }
        String note =
                String.format(
                        "%,d/s background, checkpoint every %d ms, p=%d; %d of %d probes seen",
                        s.rate(), s.checkpointIntervalMs(), p, latencies.length, sent);
        addMeasured(
                report,
                out,
                "ours → Kafka (committed)",
                "red warning in Kafka",
                latencies,
                note + "; load " + load);
        addMeasured(
                report,
                out,
                "ours → search engine (searchable)",
                "red warning searchable",
                searchLatencies,
                String.format(
                        "same run; %d of %d probes found by a search polled every %d ms",
                        searchLatencies.length, sent, SEARCH_POLL_MS));
        addBatch(report, "twice-weekly screening (Mon+Thu 00:00)", new double[] {3, 4});
        addBatch(report, "biweekly screening (every 2nd Mon)", new double[] {14});
    }

    /** Prints and reports the quantiles of measured latencies (sorted, in µs). */
    private static void addMeasured(
            Report report,
            PrintStream out,
            String row,
            String printed,
            long[] sortedMicros,
            String note) {
        double p50 = quantile(sortedMicros, 0.5) / 1000.0;
        double p99 = quantile(sortedMicros, 0.99) / 1000.0;
        double max = quantile(sortedMicros, 1.0) / 1000.0;
        out.printf(
                "bench: %s: p50 %s, p99 %s, max %s (%s)%n",
                printed, Report.duration(p50), Report.duration(p99), Report.duration(max), note);
        report.add(new Report.Latency(row, sortedMicros.length, p50, p99, max, note));
    }

    /** Detection delay of a batch screening that runs at these intervals (days), in ms. */
    private static void addBatch(Report report, String name, double[] intervalsDays) {
        double day = 86_400_000.0;
        report.add(
                new Report.Latency(
                        name,
                        -1,
                        batchQuantile(intervalsDays, 0.5) * day,
                        batchQuantile(intervalsDays, 0.99) * day,
                        Arrays.stream(intervalsDays).max().orElse(0) * day,
                        "computed: settlement uniformly in time, until the next screening"));
    }

    /**
     * Quantile of the delay until the next run of a schedule with these consecutive intervals, for
     * an event at a uniformly random time.
     */
    static double batchQuantile(double[] intervals, double q) {
        double total = Arrays.stream(intervals).sum();
        double lo = 0;
        double hi = Arrays.stream(intervals).max().orElse(0);
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            double cdf = Arrays.stream(intervals).map(x -> Math.min(mid, x)).sum() / total;
            if (cdf < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The {@code q} quantile (nearest rank) of sorted values; NaN when empty. */
    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Background settlements at the set rate; every rate/10-th is followed by a red probe. */
    private static void feed(
            BenchCommand.Settings s,
            String bootstrap,
            Map<String, Long> sentAt,
            AtomicLong probes,
            AtomicBoolean feeding) {
        long red =
                PolicyLoader.defaultPolicy().thresholds(Category.ORDINARY).thresholdOf(Level.RED);
        BigDecimal redYuan = Money.toYuan(red);
        int every = Math.max(1, s.rate() / PROBES_PER_SECOND);
        long warmUpEnd = System.nanoTime() + s.latencyWarmUpSeconds() * 1_000_000_000L;
        long start = System.nanoTime();
        long[] n = {0};
        SettlementGenerator county =
                new SettlementGenerator(
                        new PersonGenerator(s.persons(), 7, BenchCommand.YEAR + 1),
                        7,
                        BenchCommand.YEAR + 1,
                        PolicyLoader.defaultPolicy());
        try (KafkaProducer<byte[], byte[]> producer = BenchData.producer(bootstrap)) {
            long cap = (long) s.rate() * (s.latencySeconds() + s.latencyWarmUpSeconds() + 60);
            county.forEach(
                    (deliveredAt, b) -> {
                        if (!feeding.get() || n[0] >= cap) {
                            throw new StopFeeding();
                        }
                        if (deliveredAt > System.currentTimeMillis()) {
                            // the job rejects setl_time in the future (FUTURE_TIME dead letters):
                            // the generated year ends here for this run
                            throw new StopFeeding();
                        }
                        BenchData.send(producer, Topics.SETTLEMENTS, b.getPsnNo(), b);
                        if (++n[0] % every == 0) {
                            boolean counted = System.nanoTime() >= warmUpEnd;
                            String psn =
                                    String.format(
                                            "%s%09d",
                                            counted ? "Q" : "W", probes.incrementAndGet());
                            Settlement probe = ProbeSettlement.of(b, psn, "PROBE" + psn, redYuan);
                            if (counted) {
                                sentAt.put(psn, System.nanoTime());
                            }
                            BenchData.send(producer, Topics.SETTLEMENTS, psn, probe);
                        }
                        long wait = start + n[0] * 1_000_000_000L / s.rate() - System.nanoTime();
                        if (wait > 1_000_000) {
                            try {
                                Thread.sleep(wait / 1_000_000);
                            } catch (InterruptedException e) {
                                throw new StopFeeding();
                            }
                        }
                    });
        } catch (StopFeeding stopped) {
            // done
        }
    }

    /** Ends the feed from inside the generator's callback. */
    private static final class StopFeeding extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
