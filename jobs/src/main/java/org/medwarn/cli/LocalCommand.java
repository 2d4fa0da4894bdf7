package org.medwarn.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;
import org.medwarn.generate.GenerateCommand;
import org.medwarn.generate.KafkaFeed;
import org.medwarn.generate.Pacer;
import org.medwarn.generate.SettlementGenerator;
import org.medwarn.job.MonitoringJob;
import org.medwarn.kafka.Topics;
import org.medwarn.time.ChinaTime;
import org.medwarn.util.Directories;

/**
 * {@code medwarn local}: the system on one machine. Starts a real Kafka broker (child JVM), the
 * topics, the monitoring job in a local Flink cluster, loads the registry of a generated county
 * ({@link org.medwarn.generate}, by default the full 冠县 of 800,000 persons) and feeds its
 * settlements in delivery order, by default a year in ten minutes ({@code --speed}, or {@code
 * --rate} settlements per second), printing progress (simulated date, settlements/s, warnings so
 * far) every 5 seconds until Ctrl-C. An embedded search node (OpenSearch, child JVM, {@code
 * --search-port}, default 9200) receives the ledger, warnings and aggregates documents; the web
 * console (child JVM, {@code --console-port}, default 8080; {@code --users FILE}, else the demo
 * users, printed at startup) shows them and publishes officers' triage actions to the local broker.
 * Data (broker logs, checkpoints, the console's access audit) stays in {@code --data-dir}.
 */
final class LocalCommand {
    private static final Set<String> OPTIONS =
            Set.of(
                    "data-dir",
                    "reset",
                    "kafka-port",
                    "search-port",
                    "console-port",
                    "users",
                    "persons",
                    "settlements",
                    "rate",
                    "year",
                    "policy",
                    "parallelism",
                    "speed",
                    "seed");

    private LocalCommand() {}

    /**
     * The console's options in the local stack: triage actions and the access audit on the local
     * broker, the audit file in {@code DATA_DIR/console}, {@code --users} if given (else the demo
     * users, printed at startup).
     */
    static List<String> localConsoleOptions(Args args, String bootstrap, Path dataDir) {
        List<String> options =
                new java.util.ArrayList<>(ConsoleCommand.passThrough(args, List.of("users")));
        options.addAll(
                List.of("--kafka", bootstrap, "--data-dir", dataDir.resolve("console").toString()));
        return options;
    }

    static void run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("local", argv, OPTIONS);
        Path dataDir = Path.of(args.get("data-dir", "data")).toAbsolutePath();
        if (args.flag("reset")) {
            Directories.deleteTree(dataDir);
        }
        Files.createDirectories(dataDir);
        long settlements = Long.parseLong(args.get("settlements", String.valueOf(Long.MAX_VALUE)));

        long started = System.nanoTime();
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        LocalStack stack = LocalStack.start("local", args, dataDir, new Configuration(), out);
        String bootstrap = stack.bootstrap();
        SettlementGenerator county = stack.county;
        Pacer pacer =
                args.get("speed", null) == null && args.get("rate", null) == null
                        ? Pacer.speed(Pacer.YEAR_IN_TEN_MINUTES, county.start())
                        : GenerateCommand.pacer("local", args, county.start());
        MonitoringJob.Settings settings = stack.settings();

        GenerateCommand.Progress fed = new GenerateCommand.Progress(null, "local");
        Thread feeder =
                new Thread(
                        () -> feed(county, settlements, pacer, bootstrap, fed, running),
                        "medwarn-feeder");
        feeder.setDaemon(true);
        feeder.start();

        Map<Level, Long> warnings = new EnumMap<>(Level.class);
        long lastFed = 0;
        long lastPrint = System.nanoTime();
        String lastSummary = "";
        boolean firstShown = false;
        // The policy of the latest warning: a published policy shows here once it applies.
        String policyVersion = settings.policy().version();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(Topics.WARNINGS));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Warning w = Warning.getDecoder().decode(r.value());
                    warnings.merge(w.getToLevel(), 1L, Long::sum);
                    policyVersion = w.getPolicyVersion();
                    if (!firstShown) {
                        firstShown = true;
                        out.printf(
                                "local: first warning after %.1f s: %s %s→%s (%s 元)%n",
                                (System.nanoTime() - started) / 1e9,
                                w.getPsnNo(),
                                w.getFromLevel(),
                                w.getToLevel(),
                                w.getAnnualSelfPay().toPlainString());
                    }
                }
                long now = System.nanoTime();
                String summary = warnings.toString();
                if (now - lastPrint >= 5_000_000_000L
                        && (fed.count != lastFed || !summary.equals(lastSummary))) {
                    long f = fed.count;
                    lastSummary = summary;
                    out.printf(
                            "local: simulated %s | %,.0f settlements/s | fed %,d | warnings by new level %s | policy %s%n",
                            fed.count == 0 ? "-" : ChinaTime.format(fed.simulated).substring(0, 10),
                            (f - lastFed) / ((now - lastPrint) / 1e9),
                            f,
                            warnings,
                            policyVersion);
                    lastFed = f;
                    lastPrint = now;
                }
                stack.checkJobRunning();
            }
        }
    }

    /** Feeds the county's settlements in delivery order, paced, until done or Ctrl-C. */
    private static void feed(
            SettlementGenerator county,
            long limit,
            Pacer pacer,
            String bootstrap,
            GenerateCommand.Progress fed,
            AtomicBoolean running) {
        try (KafkaFeed feed = new KafkaFeed(bootstrap)) {
            long n =
                    GenerateCommand.stream(
                            county,
                            limit,
                            fed,
                            (i, at, s) -> {
                                if (!running.get()) {
                                    throw new InterruptedException("stopped");
                                }
                                pacer.await(i, at);
                                feed.send(s);
                            });
            if (running.get()) {
                System.out.printf(
                        "local: feed finished (%,d settlements, up to %s); Ctrl-C to stop%n",
                        n, ChinaTime.format(fed.simulated));
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "medwarn-local-console");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }
}
