package org.medwarn.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;
import org.medwarn.generate.GenerateCommand;
import org.medwarn.generate.KafkaFeed;
import org.medwarn.generate.Pacer;
import org.medwarn.generate.ProbeSettlement;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Money;
import org.medwarn.soak.CheckpointStats;
import org.medwarn.soak.GroupProgress;
import org.medwarn.soak.LatencyBook;
import org.medwarn.util.Directories;

/**
 * {@code medwarn soak --rate R --minutes M}: the local stack of {@code medwarn local} ({@link
 * LocalStack}) fed at a steady R settlements per second in real time for M minutes (the generated
 * county in delivery order, plus {@code --probes} probe settlements per second that each take a new
 * person straight to red), printing every minute and at the end: throughput in (fed) and processed
 * (offsets the job committed at its checkpoints), end-to-end warning latency p50/p99/max (from
 * handing a settlement to the producer to reading the warning that names its {@code setl_id} from
 * topic {@code warnings} with {@code read_committed}; see {@link LatencyBook}), the heap used in
 * this JVM (which runs the Flink cluster), the latest checkpoint's state size (Flink REST of the
 * local cluster, {@code --flink-port}) and the load average. The data directory is emptied at
 * start; ports default to ones that {@code medwarn local}'s defaults do not use.
 */
final class SoakCommand {
    private static final Set<String> OPTIONS =
            Set.of(
                    "rate",
                    "users",
                    "minutes",
                    "probes",
                    "data-dir",
                    "kafka-port",
                    "search-port",
                    "console-port",
                    "flink-port",
                    "persons",
                    "year",
                    "policy",
                    "parallelism",
                    "seed");

    /**
     * A send not matched by a warning after this long is forgotten (it caused none); far beyond any
     * latency seen, so that no slow warning is lost from the percentiles (a loaded machine showed 5
     * minutes).
     */
    private static final long FORGET_AFTER_NANOS = Duration.ofMinutes(30).toNanos();

    private static final Duration REGISTRY_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    private SoakCommand() {}

    static void run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("soak", argv, OPTIONS);
        double rate = positive(args, "rate", null);
        double minutes = positive(args, "minutes", "10");
        double probesPerSecond = positive(args, "probes", "1");
        if (probesPerSecond >= rate) {
            throw new Args.UsageException(
                    "soak: --probes " + probesPerSecond + " must be below --rate " + rate);
        }
        Path dataDir = Path.of(args.get("data-dir", "data/soak")).toAbsolutePath();
        Directories.deleteTree(dataDir);
        Files.createDirectories(dataDir);
        Configuration flink = new Configuration();
        String restUrl = LocalStack.flinkWebUi(args, 8181, flink);

        String[] withPorts = withDefaults(argv);
        try (LocalStack stack =
                        LocalStack.start(
                                "soak", new Args("soak", withPorts, OPTIONS), dataDir, flink, out);
                GroupProgress group =
                        new GroupProgress(stack.bootstrap(), stack.settings().groupId())) {
            String jobId = stack.job().getJobID().toString();
            awaitRegistry(stack, group, out);
            new Run(stack, group, restUrl, jobId, rate, minutes, probesPerSecond, out).run();
        }
    }

    /** The soak's own default ports, so it runs beside a {@code medwarn local} on the defaults. */
    private static String[] withDefaults(String[] argv) {
        List<String> all = new java.util.ArrayList<>(List.of(argv));
        String[][] defaults = {
            {"kafka-port", "9192"}, {"search-port", "9292"}, {"console-port", "8180"}
        };
        for (String[] d : defaults) {
            if (all.stream()
                    .noneMatch(a -> a.equals("--" + d[0]) || a.startsWith("--" + d[0] + "="))) {
                all.add("--" + d[0]);
                all.add(d[1]);
            }
        }
        return all.toArray(new String[0]);
    }

    private static double positive(Args args, String name, String fallback) {
        String v = fallback == null ? args.required(name) : args.get(name, fallback);
        try {
            double d = Double.parseDouble(v);
            if (d > 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new Args.UsageException("soak: --" + name + " '" + v + "' is not a number above 0");
    }

    /** Waits until the job has processed (committed) the whole registry, so the soak is steady. */
    private static void awaitRegistry(LocalStack stack, GroupProgress group, PrintStream out)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + REGISTRY_TIMEOUT.toNanos();
        long lastPrint = start;
        while (true) {
            stack.checkJobRunning();
            GroupProgress.Position p = group.position(Topics.PERSONS);
            if (p.end() > 0 && p.lag() == 0) {
                out.printf(
                        "soak: the job has read the registry (%,d records) in %.0f s%n",
                        p.end(), (System.nanoTime() - start) / 1e9);
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException(
                        "soak: the job did not read the registry within "
                                + REGISTRY_TIMEOUT
                                + " ("
                                + p.committed()
                                + " of "
                                + p.end()
                                + " committed)");
            }
            if (now - lastPrint >= 10_000_000_000L) {
                out.printf(
                        "soak: waiting for the job to read the registry: %,d of %,d committed%n",
                        p.committed(), p.end());
                lastPrint = now;
            }
            Thread.sleep(1_000);
        }
    }

    /** One soak: the feeder thread, and this thread reading warnings and reporting. */
    private static final class Run {
        private final LocalStack stack;
        private final GroupProgress group;
        private final String restUrl;
        private final String jobId;
        private final double rate;
        private final double minutes;
        private final double probesPerSecond;
        private final PrintStream out;
        private final LatencyBook book = new LatencyBook();
        private final AtomicLong fed = new AtomicLong();
        private final AtomicLong probesSent = new AtomicLong();
        private final AtomicBoolean feeding = new AtomicBoolean(true);
        private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        private long probesWarned;
        private long maxHeap;
        private double minLoad = Double.MAX_VALUE;
        private double maxLoad;

        Run(
                LocalStack stack,
                GroupProgress group,
                String restUrl,
                String jobId,
                double rate,
                double minutes,
                double probesPerSecond,
                PrintStream out) {
            this.stack = stack;
            this.group = group;
            this.restUrl = restUrl;
            this.jobId = jobId;
            this.rate = rate;
            this.minutes = minutes;
            this.probesPerSecond = probesPerSecond;
            this.out = out;
        }

        void run() throws Exception {
            out.printf(
                    "soak: feeding %,.0f settlements/s (of which %,.1f probes/s) for %.1f minutes;"
                            + " load average %.2f%n",
                    rate, probesPerSecond, minutes, os.getSystemLoadAverage());
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            Thread feeder = new Thread(this::feed, "medwarn-soak-feeder");
            feeder.setDaemon(true);
            feeder.start();
            long lastReport = start;
            long lastFed = 0;
            long lastProcessed = 0;
            int minute = 0;
            try (KafkaConsumer<byte[], byte[]> warnings = warningsConsumer(stack.bootstrap())) {
                long drainEnd = Long.MAX_VALUE;
                long fedUntil = end;
                while (true) {
                    readWarnings(warnings);
                    long now = System.nanoTime();
                    if (feeding.get() && now >= end) {
                        feeding.set(false);
                    }
                    if (!feeding.get() && drainEnd == Long.MAX_VALUE) {
                        feeder.join(10_000);
                        fedUntil = now;
                        drainEnd = now + DRAIN_TIMEOUT.toNanos();
                        out.printf(
                                "soak: feed stopped after %,d settlements; draining (up to %d s)%n",
                                fed.get(), DRAIN_TIMEOUT.toSeconds());
                    }
                    if (now - lastReport >= 60_000_000_000L) {
                        minute++;
                        GroupProgress.Position p = group.position(Topics.SETTLEMENTS);
                        long f = fed.get();
                        double seconds = (now - lastReport) / 1e9;
                        report(
                                "minute " + minute,
                                (f - lastFed) / seconds,
                                (p.committed() - lastProcessed) / seconds,
                                p,
                                book.interval());
                        lastFed = f;
                        lastProcessed = p.committed();
                        lastReport = now;
                        book.forgetOlderThan(now - FORGET_AFTER_NANOS);
                        stack.checkJobRunning();
                    }
                    if (!feeding.get()) {
                        GroupProgress.Position p = group.position(Topics.SETTLEMENTS);
                        boolean drained = p.lag() == 0 && probesWarned >= probesSent.get();
                        if (drained || now >= drainEnd) {
                            summary(start, fedUntil, p, drained);
                            return;
                        }
                    }
                }
            }
        }

        private void readWarnings(KafkaConsumer<byte[], byte[]> consumer) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                long now = System.nanoTime();
                try {
                    Warning w = Warning.getDecoder().decode(r.value());
                    String setlId = w.getSetlId() == null ? null : w.getSetlId().toString();
                    if (book.warned(setlId, now) && setlId.startsWith(PROBE)) {
                        probesWarned++;
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("soak: cannot decode a warning: " + e, e);
                }
            }
        }

        private void report(
                String what,
                double in,
                double processed,
                GroupProgress.Position p,
                LatencyBook.Percentiles latency) {
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            maxHeap = Math.max(maxHeap, heap);
            double load = os.getSystemLoadAverage();
            minLoad = Math.min(minLoad, load);
            maxLoad = Math.max(maxLoad, load);
            out.printf(
                    "soak: %s | in %,.0f/s | processed %,.0f/s | lag %,d | warning latency %s |"
                            + " heap %,.0f MB | checkpoint %s | load %.2f%n",
                    what,
                    in,
                    processed,
                    p.lag(),
                    latency.describe(),
                    heap / 1e6,
                    checkpoint(),
                    load);
        }

        private String checkpoint() {
            try {
                return CheckpointStats.fetch(restUrl, jobId).describe();
            } catch (Exception e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }

        private void summary(long start, long end, GroupProgress.Position p, boolean drained) {
            double fedSeconds = (end - start) / 1e9;
            LatencyBook.Percentiles all = book.total();
            out.printf("soak: summary of %.1f minutes at --rate %,.0f%n", minutes, rate);
            out.printf(
                    "soak:   fed %,d settlements (%,d probes) = %,.0f/s; processed (committed) %,d;"
                            + " lag at the end %,d%s%n",
                    fed.get(),
                    probesSent.get(),
                    fed.get() / fedSeconds,
                    p.committed(),
                    p.lag(),
                    drained ? "" : " (not drained within " + DRAIN_TIMEOUT.toSeconds() + " s)");
            out.printf(
                    "soak:   warning latency (send → committed in warnings) %s; probes warned %,d"
                            + " of %,d; warnings of no soak settlement %,d%n",
                    all.describe(), probesWarned, probesSent.get(), book.unmatched());
            out.printf(
                    "soak:   heap used at most %,.0f MB (of %,.0f MB max); checkpoint %s; load"
                            + " average %.2f–%.2f%n",
                    maxHeap / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6,
                    checkpoint(),
                    minLoad == Double.MAX_VALUE ? os.getSystemLoadAverage() : minLoad,
                    Math.max(maxLoad, os.getSystemLoadAverage()));
        }

        /** The county's settlements at the rate, a probe after every rate/probes of them. */
        private void feed() {
            BigDecimal red =
                    Money.toYuan(
                            stack.settings()
                                    .policy()
                                    .thresholds(Category.ORDINARY)
                                    .thresholdOf(Level.RED));
            long every = Math.max(1, Math.round(rate / probesPerSecond));
            Pacer pacer = Pacer.rate(rate);
            long[] n = {0};
            try (KafkaFeed feed = new KafkaFeed(stack.bootstrap())) {
                GenerateCommand.stream(
                        stack.county,
                        Long.MAX_VALUE,
                        new GenerateCommand.Progress(null, "soak"),
                        (i, at, s) -> {
                            if (!feeding.get()) {
                                throw new GenerateCommand.Stop();
                            }
                            pacer.await(++n[0], at);
                            book.sent(s.getSetlId(), System.nanoTime());
                            feed.send(s);
                            fed.incrementAndGet();
                            if (i % every == 0) {
                                String id = String.format("%s%09d", PROBE, probesSent.get() + 1);
                                pacer.await(++n[0], at);
                                book.sent(id, System.nanoTime());
                                feed.send(ProbeSettlement.of(s, id, id, red));
                                probesSent.incrementAndGet();
                                fed.incrementAndGet();
                            }
                        });
                feed.flush();
            }
            feeding.set(false);
        }

        private static final String PROBE = "SOAKPROBE";

        private static KafkaConsumer<byte[], byte[]> warningsConsumer(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
            List<TopicPartition> parts =
                    c.partitionsFor(Topics.WARNINGS).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            return c;
        }
    }
}
