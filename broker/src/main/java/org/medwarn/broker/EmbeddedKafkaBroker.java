package org.medwarn.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft mode, one node that is both broker and controller) running in a
 * <b>child JVM</b>, for tests and the local stack.
 *
 * <h2>Why a child JVM</h2>
 *
 * The Kafka broker is written partly in Scala 2.13 and brings its own Jackson, log4j2 and many
 * other libraries. The Flink jobs that talk to this broker have their own, different versions of
 * Scala, Jackson and logging on their classpath. Starting the broker in the same JVM would mix the
 * two classpaths and produce hard-to-diagnose linkage errors or silently change the behaviour of
 * either side. Running it in a separate JVM gives complete classpath isolation: the broker's
 * classpath is computed at build time (see {@code broker.classpath}, written by the
 * maven-dependency-plugin) and only used on the child's command line, while this launcher class
 * itself uses nothing but the JDK. Users should depend on {@code medwarn-broker} with all
 * transitive dependencies excluded.
 *
 * <h2>Lifecycle</h2>
 *
 * <ul>
 *   <li>{@link #start()} / {@link Builder#start()}: writes {@code server.properties} and a log4j2
 *       configuration into the data directory, formats the storage with {@code
 *       kafka.tools.StorageTool} unless {@code meta.properties} already exists, starts {@code
 *       kafka.Kafka} and waits until the listener accepts connections and the broker logged {@value
 *       #STARTED_MESSAGE}.
 *   <li>{@link #stop()}: graceful stop (SIGTERM, wait, then kill); data is kept.
 *   <li>{@link #restart()}: stop and start again on the same ports and data directory.
 *   <li>{@link #close()}: stop, and delete the data directory if this class created it.
 * </ul>
 *
 * The broker logs to {@code <dataDir>/broker.log}; the child's stdout/stderr go to {@code
 * <dataDir>/broker.out}. A JVM shutdown hook stops the child if the parent exits without {@link
 * #close()}, and the child itself ({@link ChildMain}) exits as soon as the parent process is gone,
 * so that a broker never outlives the JVM that started it, not even after a SIGKILL.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Line the broker logs (at INFO, from KafkaRaftServer) once it has fully started. */
    static final String STARTED_MESSAGE = "Kafka Server started";

    static final String CLASSPATH_RESOURCE = "broker.classpath";
    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(180);
    private static final int LOG_TAIL_LINES = 40;

    /**
     * JVM options for a small, quick-to-start broker on a shared 2-core machine: the serial
     * collector (fewer GC threads competing with Flink) and C1-only compilation (about 20% faster
     * startup; plenty of throughput for tests). Override with {@link Builder#jvmOption(String)},
     * e.g. {@code -XX:TieredStopAtLevel=4}: later options win.
     */
    static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> extraProperties;
    private final String maxHeap;
    private final List<String> jvmOptions;
    private final Duration startupTimeout;
    private final String classpath;

    private Process process;
    private Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder b) throws IOException {
        this.classpath = brokerClasspath();
        this.port = b.port == 0 ? freePort() : b.port;
        this.controllerPort = ChildProcesses.freePortOtherThan(this.port);
        this.dataDir = ChildProcesses.dataDir(b.dataDir, "medwarn-kafka-");
        this.ownsDataDir = b.dataDir == null;
        this.extraProperties = new LinkedHashMap<>(b.properties);
        this.maxHeap = b.maxHeap;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.startupTimeout = b.startupTimeout;
    }

    /**
     * Starts a broker on 127.0.0.1 with free ports and a fresh temporary data directory, which is
     * deleted on {@link #close()}.
     */
    public static EmbeddedKafkaBroker start() throws IOException {
        return builder().start();
    }

    /** Returns a builder for a broker with non-default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bootstrap servers for clients: {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The PLAINTEXT (client) port. Stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The KRaft controller port (only the broker itself talks to it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The data directory holding the Kafka log dir, the configuration and the broker's logs. */
    public Path dataDir() {
        return dataDir;
    }

    /** The broker's log file, {@code <dataDir>/broker.log}. */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Whether the child JVM is currently running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The child JVM's process, if it has been started and not stopped since. */
    public synchronized Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /**
     * Stops the broker gracefully: SIGTERM, wait up to 30 s for a controlled shutdown, then kill.
     * The data directory is kept, so the broker can be started again with {@link #restart()}. Does
     * nothing if the broker is not running.
     */
    public synchronized void stop() {
        if (process != null) {
            terminate(process);
            process = null;
        }
        removeShutdownHook();
    }

    /**
     * Stops the broker (if running) and starts it again on the same ports with the same data
     * directory. Topics, committed offsets and records survive.
     *
     * @throws UncheckedIOException if the broker does not come up again
     */
    public synchronized void restart() {
        ensureOpen();
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka broker failed to restart on port " + port, e);
        }
    }

    /** Stops the broker and deletes the data directory if it was created by this class. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
    }

    // ---------------------------------------------------------------------------------------
    // Starting

    private synchronized void startProcess() throws IOException {
        ensureOpen();
        if (isRunning()) {
            throw new IllegalStateException("Kafka broker is already running: " + this);
        }
        checkPortFree(port, "PLAINTEXT");
        checkPortFree(controllerPort, "CONTROLLER");

        Path serverProperties = dataDir.resolve("server.properties");
        Files.writeString(serverProperties, serverProperties(), StandardCharsets.UTF_8);
        Path log4jConfig = dataDir.resolve("log4j2.properties");
        Files.writeString(log4jConfig, log4jConfig(), StandardCharsets.UTF_8);

        if (!Files.exists(kafkaLogDir().resolve("meta.properties"))) {
            format(serverProperties);
        }

        Path logFile = logFile();
        long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0L;
        Path outFile = dataDir.resolve("broker.out");

        List<String> command = javaCommand();
        // Run kafka.Kafka through ChildMain, which exits the child when this JVM is gone.
        ChildProcesses.addMain(command, "kafka.Kafka");
        command.add(serverProperties.toString());
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(dataDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        this.process = p;
        addShutdownHook();
        try {
            awaitReady(p, logFile, logOffset);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void format(Path serverProperties) throws IOException {
        List<String> command = javaCommand();
        command.add("kafka.tools.StorageTool");
        command.add("format");
        command.add("--cluster-id");
        command.add(randomClusterId());
        command.add("--config");
        command.add(serverProperties.toString());
        Path out = dataDir.resolve("format.out");
        Process p =
                new ProcessBuilder(command)
                        .directory(dataDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        p.getOutputStream().close();
        boolean exited;
        try {
            exited = p.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminate(p);
            throw new IOException("Interrupted while formatting Kafka storage in " + dataDir, e);
        }
        if (!exited) {
            terminate(p);
            throw new IOException(
                    "Formatting Kafka storage in "
                            + dataDir
                            + " did not finish within "
                            + FORMAT_TIMEOUT.toSeconds()
                            + " s. Output:\n"
                            + tail(out, LOG_TAIL_LINES));
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "Formatting Kafka storage in "
                            + dataDir
                            + " failed with exit code "
                            + p.exitValue()
                            + ". Output:\n"
                            + tail(out, LOG_TAIL_LINES));
        }
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(DEFAULT_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-Dkafka.logs.dir=" + dataDir);
        command.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private void awaitReady(Process p, Path logFile, long logOffset) throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        LogScanner scanner = new LogScanner(logFile, logOffset);
        boolean started = false;
        while (true) {
            if (!p.isAlive()) {
                throw new IOException(
                        "Kafka broker on port "
                                + port
                                + " exited during startup with exit code "
                                + p.exitValue()
                                + "\n"
                                + diagnostics());
            }
            started = started || scanner.contains(STARTED_MESSAGE);
            if (started && canConnect(port)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                terminate(p);
                throw new IOException(
                        "Kafka broker on port "
                                + port
                                + " was not ready within "
                                + startupTimeout.toMillis()
                                + " ms (log shows started: "
                                + started
                                + "; exit code after kill: "
                                + (p.isAlive() ? "still alive" : p.exitValue())
                                + ")\n"
                                + diagnostics());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the Kafka broker", e);
            }
        }
    }

    private String diagnostics() {
        StringBuilder sb = new StringBuilder();
        sb.append("--- last lines of ").append(logFile()).append(" ---\n");
        sb.append(tail(logFile(), LOG_TAIL_LINES));
        Path out = dataDir.resolve("broker.out");
        String outTail = tail(out, 20);
        if (!outTail.isBlank()) {
            sb.append("--- last lines of ").append(out).append(" ---\n").append(outTail);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------
    // Configuration

    private Path kafkaLogDir() {
        return dataDir.resolve("kafka-logs");
    }

    String serverProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // Static quorum: the voter set lives in the configuration, not in the metadata log, so a
        // reused data directory keeps working even if the controller port changes between runs.
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://"
                        + HOST
                        + ":"
                        + port
                        + ",CONTROLLER://"
                        + HOST
                        + ":"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", kafkaLogDir().toString());
        props.put("num.partitions", "2");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        // Flink's KafkaSink uses transaction.timeout.ms = 1 h by default; the broker's default
        // maximum is 15 min, which would make exactly-once sinks fail at startup.
        props.put("transaction.max.timeout.ms", "3600000");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        // Small footprint for a 2-core machine and a 512 MB heap.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.putAll(extraProperties);

        StringBuilder sb = new StringBuilder("# Written by ");
        sb.append(EmbeddedKafkaBroker.class.getName()).append("; overwritten on every start.\n");
        props.forEach(
                (k, v) -> sb.append(escapeKey(k)).append('=').append(escapeValue(v)).append('\n'));
        return sb.toString();
    }

    String log4jConfig() {
        String file = escapeValue(logFile().toString());
        return String.join(
                "\n",
                "# Written by "
                        + EmbeddedKafkaBroker.class.getName()
                        + "; overwritten on every start.",
                "status = warn",
                // Kafka stops itself from its own shutdown hook; keep logging until it is done.
                "shutdownHook = disable",
                "name = medwarn-embedded-broker",
                "appender.file.type = File",
                "appender.file.name = FILE",
                "appender.file.fileName = " + file,
                "appender.file.append = true",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.statechange.name = state.change.logger",
                "logger.statechange.level = WARN",
                "logger.authorizer.name = kafka.authorizer.logger",
                "logger.authorizer.level = WARN",
                "");
    }

    private static String escapeKey(String s) {
        return escapeValue(s).replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ");
    }

    private static String escapeValue(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String randomClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        while (true) {
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // Kafka rejects ids starting with '-' (they look like command-line options).
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    static String brokerClasspath() throws IOException {
        return ChildProcesses.classpath(EmbeddedKafkaBroker.class, CLASSPATH_RESOURCE);
    }

    // ---------------------------------------------------------------------------------------
    // Processes, ports and files

    private synchronized void addShutdownHook() {
        removeShutdownHook();
        Process p = this.process;
        Path dir = dataDir;
        boolean deleteDir = ownsDataDir;
        Thread hook =
                new Thread(
                        () -> {
                            p.destroy();
                            try {
                                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                                    p.destroyForcibly();
                                    p.waitFor(5, TimeUnit.SECONDS);
                                }
                            } catch (InterruptedException e) {
                                p.destroyForcibly();
                            }
                            if (deleteDir) {
                                deleteRecursively(dir);
                            }
                        },
                        "medwarn-kafka-broker-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(hook);
        this.shutdownHook = hook;
    }

    private synchronized void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook runs anyway.
            }
            shutdownHook = null;
        }
    }

    private static void terminate(Process p) {
        ChildProcesses.terminate(p, STOP_TIMEOUT, KILL_TIMEOUT);
    }

    static int freePort() throws IOException {
        return ChildProcesses.freePort();
    }

    private static void checkPortFree(int port, String listener) throws IOException {
        ChildProcesses.checkPortFree(port, "Kafka broker (" + listener + " listener)");
    }

    private static boolean canConnect(int port) {
        return ChildProcesses.canConnect(port);
    }

    static String tail(Path file, int lines) {
        return ChildProcesses.tail(file, lines);
    }

    static void deleteRecursively(Path dir) {
        ChildProcesses.deleteRecursively(dir);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Kafka broker has been closed: " + this);
        }
    }

    /** Incrementally reads a log file from a given offset, looking for a marker string. */
    private static final class LogScanner {
        private final Path file;
        private long position;
        private String carry = "";

        LogScanner(Path file, long position) {
            this.file = file;
            this.position = position;
        }

        boolean contains(String marker) {
            if (!Files.exists(file)) {
                return false;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long length = raf.length();
                if (length < position) {
                    position = 0; // truncated or replaced
                }
                if (length == position) {
                    return false;
                }
                byte[] buf = new byte[(int) Math.min(length - position, 4 * 1024 * 1024)];
                raf.seek(position);
                raf.readFully(buf);
                position += buf.length;
                String text = carry + new String(buf, StandardCharsets.ISO_8859_1);
                if (text.contains(marker)) {
                    return true;
                }
                int keep = Math.min(text.length(), marker.length());
                carry = text.substring(text.length() - keep);
                return false;
            } catch (IOException e) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Builder

    /** Options for a broker; {@link #start()} launches it. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String maxHeap = "512m";
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(180);

        private Builder() {}

        /** PLAINTEXT port on 127.0.0.1; 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = ChildProcesses.validPort(port);
            return this;
        }

        /**
         * Data directory to use instead of a fresh temporary one. It is kept on {@link
         * EmbeddedKafkaBroker#close()} and reused by later brokers: storage that is already
         * formatted is not formatted again.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Sets (or overrides) one broker property in {@code server.properties}. */
        public Builder brokerProperty(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Sets (or overrides) broker properties in {@code server.properties}. */
        public Builder brokerProperties(Map<String, String> props) {
            props.forEach(this::brokerProperty);
            return this;
        }

        /** Maximum heap of the broker JVM in {@code -Xmx} syntax, e.g. "512m" (the default). */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = ChildProcesses.validHeap(maxHeap);
            return this;
        }

        /**
         * Adds an option to the broker JVM's command line, after the defaults ({@code -Xmx}, {@code
         * -XX:+UseSerialGC -XX:TieredStopAtLevel=1}), so it can override them.
         */
        public Builder jvmOption(String option) {
            jvmOptions.add(ChildProcesses.validJvmOption(option));
            return this;
        }

        /** How long to wait for the broker to become ready (default 180 s). */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Starts the broker and waits until it is ready.
         *
         * @throws IOException if the port is in use, or the broker exits or does not become ready
         *     in time (the message includes the exit code and the end of the broker log)
         */
        public EmbeddedKafkaBroker start() throws IOException {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(this);
            try {
                broker.startProcess();
            } catch (IOException | RuntimeException e) {
                // The exception message already carries the end of the broker log.
                broker.close();
                throw e;
            }
            return broker;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Command line

    /**
     * Runs a broker in the foreground until Ctrl-C: {@code --port N --data-dir D} (both optional;
     * the port defaults to 9092, the data directory to a temporary one deleted on exit).
     */
    public static void main(String[] args) {
        int port = 9092;
        Path dataDir = null;
        String maxHeap = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--data-dir" -> dataDir = Paths.get(value(args, ++i, arg));
                case "--max-heap" -> maxHeap = value(args, ++i, arg);
                case "-h", "--help" -> {
                    System.out.println(
                            "Usage: EmbeddedKafkaBroker [--port N (default 9092, 0 = free)]"
                                    + " [--data-dir DIR (default: temporary)] [--max-heap 512m]");
                    return;
                }
                default -> {
                    System.err.println("Unknown argument: " + arg + " (try --help)");
                    System.exit(2);
                }
            }
        }
        Builder builder = builder().port(port);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (maxHeap != null) {
            builder.maxHeap(maxHeap);
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = builder.start();
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(broker::close, "medwarn-kafka-broker-stop"));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers());
        System.out.println(
                "Data directory: " + broker.dataDir() + " (log: " + broker.logFile() + ")");
        System.out.println("Press Ctrl-C to stop.");
        Optional<ProcessHandle> child = broker.process();
        if (child.isPresent()) {
            child.get().onExit().join();
        }
        // Reached only if the broker exited by itself (on Ctrl-C the shutdown hook runs instead).
        synchronized (broker) {
            if (broker.closed) {
                return;
            }
        }
        System.err.println("Kafka broker exited unexpectedly; see " + broker.logFile());
        System.exit(1);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("Missing value for " + option);
            System.exit(2);
        }
        return args[i];
    }
}
