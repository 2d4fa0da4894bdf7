package org.medwarn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medwarn.avro.Level;
import org.medwarn.avro.Warning;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.job.MonitoringJob;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.sample.SampleCounty;
import org.medwarn.time.ChinaTime;
import org.medwarn.util.Directories;

/**
 * {@code medwarn local}: the system on one machine. Starts a real Kafka broker (child JVM), the
 * topics, the monitoring job in a local Flink cluster, loads a sample county's registry and feeds
 * its settlements at a steady rate, printing progress (simulated date, settlements/s, warnings so
 * far) every 5 seconds until Ctrl-C. Data (broker logs, checkpoints) stays in {@code --data-dir}.
 */
final class LocalCommand {
    private static final Set<String> OPTIONS =
            Set.of(
                    "data-dir",
                    "reset",
                    "kafka-port",
                    "persons",
                    "settlements",
                    "rate",
                    "year",
                    "policy",
                    "parallelism");

    private LocalCommand() {}

    static void run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args("local", argv, OPTIONS);
        Path dataDir = Path.of(args.get("data-dir", "data")).toAbsolutePath();
        if (args.flag("reset")) {
            Directories.deleteTree(dataDir);
        }
        Files.createDirectories(dataDir);
        int persons = args.intValue("persons", 20_000);
        long settlements = args.intValue("settlements", 300_000);
        int rate = args.intValue("rate", 5_000);
        int year = args.intValue("year", 2025);
        String policy = args.get("policy", null);

        long started = System.nanoTime();
        out.printf("local: starting Kafka broker (data in %s) ...%n", dataDir.resolve("kafka"));
        EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder()
                        .port(args.intValue("kafka-port", 9092))
                        .dataDir(dataDir.resolve("kafka"))
                        .start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<JobClient> job = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    running.set(false);
                                    out.println("local: stopping ...");
                                    JobClient j = job.get();
                                    if (j != null) {
                                        try {
                                            j.cancel().get();
                                        } catch (Exception e) {
                                            // stopping anyway
                                        }
                                    }
                                    broker.close();
                                    out.println("local: stopped; data kept in " + dataDir);
                                }));
        String bootstrap = broker.bootstrapServers();
        out.printf("local: Kafka at %s%n", bootstrap);
        Topics.createMissing(bootstrap, 2);

        SampleCounty county = new SampleCounty(persons, 42);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            county.persons(
                    year,
                    p -> send(producer, Topics.PERSONS, p.getPsnNo(), encode(p::toByteBuffer)));
        }
        out.printf("local: registry of %,d persons loaded%n", persons);

        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                        bootstrap,
                        policy == null
                                ? PolicyLoader.defaultPolicy()
                                : PolicyLoader.load(Path.of(policy)),
                        args.intValue("parallelism", 2),
                        dataDir.resolve("checkpoints").toUri().toString(),
                        2_000,
                        "medwarn-local");
        StreamExecutionEnvironment env = MonitoringJob.environment(settings);
        MonitoringJob.defineJob(env, settings);
        job.set(env.executeAsync("medwarn local"));
        out.printf(
                "local: monitoring job %s running (policy %s)%n",
                job.get().getJobID(), settings.policy().version());

        AtomicLong fed = new AtomicLong();
        AtomicReference<String> simulated = new AtomicReference<>("-");
        Thread feeder =
                new Thread(
                        () ->
                                feed(
                                        county,
                                        year,
                                        settlements,
                                        rate,
                                        bootstrap,
                                        fed,
                                        simulated,
                                        running),
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
                        && (fed.get() != lastFed || !summary.equals(lastSummary))) {
                    long f = fed.get();
                    lastSummary = summary;
                    out.printf(
                            "local: simulated %s | %,.0f settlements/s | fed %,d | warnings by new level %s | policy %s%n",
                            simulated.get(),
                            (f - lastFed) / ((now - lastPrint) / 1e9),
                            f,
                            warnings,
                            policyVersion);
                    lastFed = f;
                    lastPrint = now;
                }
                if (job.get().getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException(
                            "the monitoring job stopped: " + job.get().getJobStatus().get());
                }
            }
        }
    }

    private static void feed(
            SampleCounty county,
            int year,
            long count,
            int rate,
            String bootstrap,
            AtomicLong fed,
            AtomicReference<String> simulated,
            AtomicBoolean running) {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            county.settlements(
                    year,
                    count,
                    s -> {
                        if (!running.get()) {
                            throw new IllegalStateException("stopped");
                        }
                        send(producer, Topics.SETTLEMENTS, s.getPsnNo(), encode(s::toByteBuffer));
                        long n = fed.incrementAndGet();
                        simulated.set(s.getSetlTime().substring(0, 10));
                        long due = start + n * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 1_000_000) {
                            sleep(wait / 1_000_000);
                        }
                    });
            System.out.printf(
                    "local: feed finished (%,d settlements of %d, up to %s); Ctrl-C to stop%n",
                    fed.get(), year, ChinaTime.format(ChinaTime.startOfYear(year + 1) - 1000));
        } catch (IllegalStateException stopped) {
            // Ctrl-C
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), bytes));
    }

    /** Avro single-object encoding of a generated record. */
    private static ByteBuffer encode(EncodeFunction encoder) {
        try {
            return encoder.encode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode", e);
        }
    }

    @FunctionalInterface
    private interface EncodeFunction {
        ByteBuffer encode() throws IOException;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return Topics.byteProducer(bootstrap);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped");
        }
    }
}
