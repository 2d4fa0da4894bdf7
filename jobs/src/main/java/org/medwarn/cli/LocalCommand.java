package org.medwarn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.MonthDay;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.elasticsearch.client.RestClient;
import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;
import org.medwarn.generate.GenerateCommand;
import org.medwarn.generate.KafkaFeed;
import org.medwarn.generate.Pacer;
import org.medwarn.generate.SettlementGenerator;
import org.medwarn.job.MonitoringJob;
import org.medwarn.kafka.Topics;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchClients;
import org.medwarn.sink.search.SearchSettings;
import org.medwarn.soak.GroupProgress;
import org.medwarn.time.ChinaTime;
import org.medwarn.util.Directories;

/**
 * {@code medwarn local}: the system on one machine. Starts a real Kafka broker (child JVM), the
 * topics, the monitoring job in a local Flink cluster, loads the registry of a generated county
 * ({@link org.medwarn.generate}; by default the first {@value #DEFAULT_PERSONS} persons of the
 * calibrated 冠县, {@code --full-county} for all 800,000) and feeds its settlements in delivery
 * order: those before the simulated "today" ({@code --today MM-dd}, default {@value
 * #DEFAULT_TODAY}; 01-01 with {@code --full-county}) without pacing (Kafka holds what the job has
 * not read yet), the rest at a year in ten minutes ({@code --speed}; {@code --rate} settlements per
 * second from 1 January instead), printing progress (simulated date, settlements/s, warnings so
 * far) every 5 seconds until Ctrl-C. Warnings are rare (about one per 10,000 persons a year, most
 * in the autumn, as annual self-pay accumulates), hence the catch-up: the first ones appear once
 * the job has worked through the spring. Up to {@value #HEAP_STATE_MAX_PERSONS} persons the job
 * keeps its state on the heap (faster; RocksDB above, as in production). An embedded search node
 * (OpenSearch, child JVM, {@code --search-port}, default 9200) receives the ledger, warnings and
 * aggregates documents; the web console (child JVM, {@code --console-port}, default 8080; {@code
 * --users FILE}, else the demo users, printed at startup) shows them and publishes officers' triage
 * actions to the local broker. Data (broker logs, checkpoints, the console's access audit) stays in
 * {@code --data-dir}.
 */
final class LocalCommand {
    private static final Set<String> OPTIONS =
            Set.of(
                    "data-dir",
                    "reset",
                    "kafka-port",
                    "search-port",
                    "console-port",
                    "flink-port",
                    "checkpoint-interval-ms",
                    "users",
                    "persons",
                    "settlements",
                    "rate",
                    "year",
                    "policy",
                    "parallelism",
                    "speed",
                    "seed",
                    "today",
                    "full-county");

    /**
     * The default county: the first 100,000 persons of the calibrated 冠县 (one eighth; the same
     * model, so about 9 warnings a year instead of 63), small enough for two cores to feed its year
     * so far in a minute or two.
     */
    static final int DEFAULT_PERSONS = 100_000;

    /** Simulated "today" by default: the year before it is fed without pacing. */
    static final String DEFAULT_TODAY = "10-01";

    /** Up to this many persons the job keeps its state on the heap (faster than RocksDB). */
    static final int HEAP_STATE_MAX_PERSONS = 200_000;

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
        boolean fullCounty = args.flag("full-county");
        int persons =
                args.intValue(
                        "persons", fullCounty ? LocalStack.FULL_COUNTY_PERSONS : DEFAULT_PERSONS);
        int year = args.intValue("year", 2025);
        long today = today(args.get("today", fullCounty ? "01-01" : DEFAULT_TODAY), year);
        Configuration flink = new Configuration();
        if (persons <= HEAP_STATE_MAX_PERSONS) {
            flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        }
        LocalStack.flinkWebUi(args, 8081, flink);
        out.printf(
                "local: county: %,d persons of the calibrated 冠县 (%s), year %d, state on %s;"
                        + " simulated today %s: %s%n",
                persons,
                persons == LocalStack.FULL_COUNTY_PERSONS
                        ? "all of it"
                        : "the first " + String.format("%,d", persons) + "; --full-county for all",
                year,
                persons <= HEAP_STATE_MAX_PERSONS ? "the heap" : "RocksDB",
                ChinaTime.formatDate(today),
                args.get("rate", null) != null
                        ? "settlements at --rate from 1 January"
                        : "the year so far is fed at once (Kafka holds what the job has not read yet), then time runs at "
                                + (args.get("speed", null) == null
                                        ? "a year in ten minutes"
                                        : "--speed " + args.get("speed", null))
                                + " (warnings are rare and mostly in the autumn: about one per"
                                + " 10,000 persons a year, README)");
        LocalStack stack = LocalStack.start("local", args, dataDir, flink, out, persons);
        String bootstrap = stack.bootstrap();
        SettlementGenerator county = stack.county;
        // validates --speed and --rate (one at most, numbers above 0)
        Pacer given = GenerateCommand.pacer("local", args, county.start());
        Pacer pacer =
                args.get("rate", null) != null
                        ? given
                        : Pacer.catchUpThenSpeed(
                                today,
                                Double.parseDouble(
                                        args.get(
                                                "speed",
                                                String.valueOf(Pacer.YEAR_IN_TEN_MINUTES))));
        MonitoringJob.Settings settings = stack.settings();

        GenerateCommand.Progress fed = new GenerateCommand.Progress(null, "local");
        Thread feeder =
                new Thread(
                        () ->
                                feed(
                                        county,
                                        settlements,
                                        pacer,
                                        bootstrap,
                                        settings.groupId(),
                                        fed,
                                        running),
                        "medwarn-feeder");
        feeder.setDaemon(true);
        feeder.start();

        Map<Level, Long> warnings = new EnumMap<>(Level.class);
        long lastFed = 0;
        long lastPrint = System.nanoTime();
        String lastSummary = "";
        boolean firstShown = false;
        boolean firstSearchable = false;
        // The policy of the latest warning: a published policy shows here once it applies.
        String policyVersion = settings.policy().version();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
                RestClient search = SearchClients.create(SearchSettings.of(stack.searchUrl()))) {
            consumer.subscribe(List.of(Topics.WARNINGS));
            while (running.get()) {
                if (!firstSearchable && warningDocuments(search) > 0) {
                    firstSearchable = true;
                    out.printf(
                            "local: first warning in the search engine (the console's queue at"
                                    + " its next refresh) after %.1f s%n",
                            (System.nanoTime() - started) / 1e9);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Warning w = Warning.getDecoder().decode(r.value());
                    warnings.merge(w.getToLevel(), 1L, Long::sum);
                    policyVersion = w.getPolicyVersion();
                    if (!firstShown) {
                        firstShown = true;
                        out.printf(
                                "local: first warning committed on topic %s after %.1f s: %s"
                                        + " %s→%s (%s 元)%n",
                                Topics.WARNINGS,
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
                            "local: simulated %s%s | %,.0f settlements/s | fed %,d | warnings by new level %s | policy %s%n",
                            fed.count == 0 ? "-" : ChinaTime.format(fed.simulated).substring(0, 10),
                            fed.count > 0 && pacer.catchingUp(fed.simulated)
                                    ? " (catching up to " + ChinaTime.formatDate(today) + ")"
                                    : "",
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

    /**
     * The warning documents a search finds now (0 while the index is still empty or the search
     * fails: the progress lines go on, the console says when the search engine is unreachable).
     */
    static long warningDocuments(RestClient search) {
        try {
            return SearchClients.count(search, IndexTemplates.WARNINGS);
        } catch (IOException e) {
            return 0;
        }
    }

    /** 00:00 China time of {@code --today} ({@code MM-dd}) in {@code year}. */
    static long today(String monthDay, int year) {
        try {
            return MonthDay.parse("--" + monthDay)
                    .atYear(year)
                    .atStartOfDay(ChinaTime.OFFSET)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeException e) {
            throw new Args.UsageException(
                    "local: --today '" + monthDay + "' is not a day of the year like 10-01");
        }
    }

    /**
     * During the catch-up the feeder stays at most this many settlements ahead of what the job has
     * committed: generating the whole backlog at once took a third of the local stack's Flink
     * process's CPU (profile of issue 5) while the job still worked on the spring, where the first
     * warnings are. Kafka still holds a backlog, so the job never waits for the feeder.
     */
    static final long CATCH_UP_AHEAD = 60_000;

    /** Waits while the job's backlog of settlements is above {@link #CATCH_UP_AHEAD}. */
    private static void awaitJob(GroupProgress job, AtomicBoolean running)
            throws InterruptedException {
        try {
            while (running.get() && job.position(Topics.SETTLEMENTS).lag() > CATCH_UP_AHEAD) {
                Thread.sleep(200);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "local: cannot read the job's position in " + Topics.SETTLEMENTS, e);
        }
    }

    /**
     * Feeds the county's settlements in delivery order, paced (the catch-up {@link #CATCH_UP_AHEAD}
     * of the job's consumer group {@code groupId}), until done or Ctrl-C.
     */
    private static void feed(
            SettlementGenerator county,
            long limit,
            Pacer pacer,
            String bootstrap,
            String groupId,
            GenerateCommand.Progress fed,
            AtomicBoolean running) {
        try (KafkaFeed feed = new KafkaFeed(bootstrap);
                GroupProgress job = new GroupProgress(bootstrap, groupId)) {
            long n =
                    GenerateCommand.stream(
                            county,
                            limit,
                            fed,
                            (i, at, s) -> {
                                if (!running.get()) {
                                    throw new GenerateCommand.Stop();
                                }
                                if (pacer.catchingUp(at) && i % 5_000 == 0) {
                                    awaitJob(job, running);
                                }
                                pacer.await(i, at);
                                feed.send(s);
                            });
            if (running.get()) {
                System.out.printf(
                        "local: feed finished (%,d settlements, up to %s); Ctrl-C to stop%n",
                        n, ChinaTime.format(fed.simulated));
            }
        } catch (InterruptException e) {
            if (running.get()) {
                throw e;
            }
            // Ctrl-C interrupted the producer's close: stopping anyway, nothing to report
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
