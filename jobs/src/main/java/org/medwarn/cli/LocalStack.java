package org.medwarn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medwarn.broker.ChildProcesses;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.console.EmbeddedConsole;
import org.medwarn.generate.KafkaFeed;
import org.medwarn.generate.PersonGenerator;
import org.medwarn.generate.SettlementGenerator;
import org.medwarn.job.MonitoringJob;
import org.medwarn.kafka.Topics;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.searchnode.EmbeddedSearchNode;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchSettings;

/**
 * The system on one machine, as {@code medwarn local} and {@code medwarn soak} start it: a real
 * Kafka broker (child JVM, data in {@code DATA/kafka}), the topics, an embedded search node (child
 * JVM, {@code DATA/search}) with the index templates, the console (child JVM), the registry of a
 * generated county loaded into {@code persons}, and the monitoring job in a local Flink cluster
 * (RocksDB checkpoints in {@code DATA/checkpoints}). Options read: {@code --kafka-port}, {@code
 * --search-port}, {@code --console-port}, {@code --persons}, {@code --year}, {@code --seed}, {@code
 * --policy}, {@code --parallelism}. {@link #close} (also on JVM exit) cancels the job and stops the
 * child JVMs; the data directory stays.
 */
public final class LocalStack implements AutoCloseable {
    final String label;
    final EmbeddedKafkaBroker broker;
    public final SettlementGenerator county;
    final Path dataDir;
    private volatile MonitoringJob.Settings settings;
    private volatile EmbeddedSearchNode search;
    private volatile EmbeddedConsole console;
    private volatile JobClient job;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PrintStream out;

    private LocalStack(
            String label,
            EmbeddedKafkaBroker broker,
            SettlementGenerator county,
            Path dataDir,
            PrintStream out) {
        this.label = label;
        this.dataDir = dataDir;
        this.broker = broker;
        this.county = county;
        this.out = out;
    }

    /**
     * The search node compiles like the JVM that starts it (its {@code -XX:TieredStopAtLevel}, else
     * C2). {@code ./medwarn local} runs C1 only (the launcher script): in its first minute tiered
     * C2 compilation took ~30 of ~75 CPU-seconds of the stack on two cores, and the local stack's
     * load after its catch-up (a year in ten minutes) is far below what C1 code handles; with both
     * JVMs on C1 the first warning came in 26 s instead of 38–42 s (BENCHMARKS.md, session 11). A
     * JVM with C2 (soak, the tests) gives the node C2, for runs long enough to repay its
     * compilation.
     */
    private static String searchNodeJit() {
        String jit = "-XX:TieredStopAtLevel=4";
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:TieredStopAtLevel=")) {
                jit = a; // the last one is the JVM's
            }
        }
        return jit;
    }

    /**
     * Starts everything and submits the job with {@code flink} as the base configuration (e.g. the
     * REST port of the local cluster's web UI); progress lines start with {@code label:}.
     */
    static LocalStack start(
            String label, Args args, Path dataDir, Configuration flink, PrintStream out)
            throws Exception {
        return start(label, args, dataDir, flink, out, FULL_COUNTY_PERSONS);
    }

    /**
     * Sets {@code flink} up for the local cluster's web UI and REST API on 127.0.0.1, port {@code
     * --flink-port} (else {@code defaultPort}), which {@link #start} then prints with the job's
     * page; fails naming the port when something else listens on it.
     *
     * @return the web UI's URL
     */
    static String flinkWebUi(Args args, int defaultPort, Configuration flink) throws IOException {
        int port = ChildProcesses.validPort(args.intValue("flink-port", defaultPort));
        ChildProcesses.checkPortFree(port, "the Flink web UI (--flink-port)");
        flink.set(RestOptions.BIND_ADDRESS, ChildProcesses.HOST);
        flink.set(RestOptions.ADDRESS, ChildProcesses.HOST);
        flink.set(RestOptions.BIND_PORT, String.valueOf(port));
        return flinkWebUiUrl(flink);
    }

    /** The web UI's URL that {@link #flinkWebUi} set up in {@code flink}. */
    private static String flinkWebUiUrl(Configuration flink) {
        return "http://" + flink.get(RestOptions.ADDRESS) + ":" + flink.get(RestOptions.BIND_PORT);
    }

    /** The persons of the calibrated 冠县 (README, calibration). */
    static final int FULL_COUNTY_PERSONS = 800_000;

    /**
     * As {@link #start(String, Args, Path, Configuration, PrintStream)}, with this default for
     * {@code --persons}.
     */
    public static LocalStack start(
            String label,
            Args args,
            Path dataDir,
            Configuration flink,
            PrintStream out,
            int defaultPersons)
            throws Exception {
        int persons = args.intValue("persons", defaultPersons);
        int year = args.intValue("year", 2025);
        int seed = args.intValue("seed", 42);
        String policyFile = args.get("policy", null);
        Policy policy =
                policyFile == null
                        ? PolicyLoader.defaultPolicy()
                        : PolicyLoader.load(Path.of(policyFile));
        int consolePort = args.intValue("console-port", 8080);
        if (consolePort != 0) {
            // before anything starts: the console comes up last
            ChildProcesses.checkPortFree(consolePort, "the console (--console-port)");
        }
        // The broker and the search node start side by side, and the console while the registry
        // loads and the job starts: each is a child JVM that takes seconds to come up.
        out.printf("%s: starting Kafka broker (data in %s) ...%n", label, dataDir.resolve("kafka"));
        out.printf("%s: starting search node (data in %s) ...%n", label, dataDir.resolve("search"));
        CompletableFuture<EmbeddedSearchNode> searchStart =
                inBackground(
                        "search-node-start",
                        () ->
                                EmbeddedSearchNode.builder()
                                        .port(args.intValue("search-port", 9200))
                                        .dataDir(dataDir.resolve("search"))
                                        // a county's ledger at a year in ten minutes trips 512m
                                        // circuit breakers
                                        .maxHeap("2g")
                                        .jvmOption(searchNodeJit())
                                        .start());
        EmbeddedKafkaBroker broker;
        try {
            broker =
                    EmbeddedKafkaBroker.builder()
                            .port(args.intValue("kafka-port", 9092))
                            .dataDir(dataDir.resolve("kafka"))
                            .start();
        } catch (Exception e) {
            closeWhenStarted(searchStart, e);
            throw e;
        }
        PersonGenerator registry = new PersonGenerator(persons, seed, year);
        LocalStack stack =
                new LocalStack(
                        label,
                        broker,
                        new SettlementGenerator(registry, seed, year, PolicyLoader.defaultPolicy()),
                        dataDir,
                        out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        String bootstrap = broker.bootstrapServers();
        out.printf("%s: Kafka at %s%n", label, bootstrap);
        stack.search = await(searchStart);
        out.printf(
                "%s: search engine (OpenSearch REST) at %s, indices %s%n",
                label, stack.search.httpUrl(), IndexTemplates.INDICES);
        Topics.createMissing(bootstrap, 2);
        IndexTemplates.install(SearchSettings.of(stack.search.httpUrl()));
        // printed as soon as it is up, so that one can log in while the job starts
        CompletableFuture<EmbeddedConsole> consoleStart =
                inBackground(
                        "console-start",
                        () -> {
                            EmbeddedConsole console =
                                    EmbeddedConsole.start(
                                            stack.search.httpUrl(),
                                            consolePort,
                                            dataDir.resolve("console.log"),
                                            LocalCommand.localConsoleOptions(
                                                    args, bootstrap, dataDir));
                            synchronized (out) { // one block amid the job's lines
                                ConsoleCommand.printStartup(console, out);
                                out.printf("%s: console at %s%n", label, console.url());
                            }
                            return console;
                        });
        try {
            startJob(stack, registry, policy, args, flink);
        } catch (Exception e) {
            closeWhenStarted(consoleStart, e);
            throw e;
        }
        stack.console = await(consoleStart);
        return stack;
    }

    /** Loads the registry into the broker, then submits the monitoring job. */
    private static void startJob(
            LocalStack stack,
            PersonGenerator registry,
            Policy policy,
            Args args,
            Configuration flink)
            throws Exception {
        String label = stack.label;
        PrintStream out = stack.out;
        String bootstrap = stack.bootstrap();
        try (KafkaFeed feed = new KafkaFeed(bootstrap)) {
            for (int i = 0; i < registry.size(); i++) {
                feed.send(registry.record(i));
            }
        }
        out.printf("%s: registry of %,d persons loaded%n", label, registry.size());

        MonitoringJob.Settings settings =
                new MonitoringJob.Settings(
                                bootstrap,
                                policy,
                                args.intValue("parallelism", 2),
                                stack.dataDir.resolve("checkpoints").toUri().toString(),
                                args.intValue("checkpoint-interval-ms", 2_000),
                                "medwarn-" + label)
                        .withSearch(
                                SearchSettings.of(stack.search.httpUrl()),
                                RegionDirectory.defaultDirectory());
        stack.settings = settings;
        StreamExecutionEnvironment env = MonitoringJob.environment(settings, flink);
        MonitoringJob.defineJob(env, settings);
        stack.job = env.executeAsync("medwarn " + label);
        out.printf(
                "%s: monitoring job %s running (policy %s)%n",
                label, stack.job.getJobID(), settings.policy().version());
        if (flink.contains(RestOptions.BIND_PORT)) {
            out.printf(
                    "%s: Flink web UI at %s/#/job/running/%s%n",
                    label, flinkWebUiUrl(flink), stack.job.getJobID());
        }
    }

    /** Runs {@code start} on a thread of its own (a daemon: it never holds the JVM). */
    private static <T> CompletableFuture<T> inBackground(String name, Callable<T> start) {
        CompletableFuture<T> started = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                started.complete(start.call());
                            } catch (Throwable e) {
                                started.completeExceptionally(e);
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
        return started;
    }

    /** What {@code started} started, or the exception it failed with. */
    private static <T> T await(CompletableFuture<T> started) throws Exception {
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * After {@code failure} elsewhere: waits for what {@code started} starts and stops it, so that
     * no child JVM outlives the failed start (its own failure is added to {@code failure}).
     */
    private static void closeWhenStarted(
            CompletableFuture<? extends AutoCloseable> started, Exception failure) {
        try {
            await(started).close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    MonitoringJob.Settings settings() {
        return settings;
    }

    JobClient job() {
        return job;
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    /** The search node's REST URL. */
    public String searchUrl() {
        return search.httpUrl();
    }

    /** The console's URL (ends with {@code /}). */
    public String consoleUrl() {
        return console.url();
    }

    /** Fails when the job has stopped on its own. */
    void checkJobRunning() throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
            throw new IllegalStateException(
                    "the monitoring job stopped: " + job.getJobStatus().get());
        }
    }

    /** Cancels the job, stops the console, search node and broker; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        out.printf("%s: stopping ...%n", label);
        JobClient j = job;
        if (j != null) {
            try {
                j.cancel().get();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        if (console != null) {
            console.close();
        }
        if (search != null) {
            search.close();
        }
        broker.close();
        out.printf("%s: stopped; data kept in %s%n", label, dataDir);
    }
}
