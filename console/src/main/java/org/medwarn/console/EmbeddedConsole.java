package org.medwarn.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.medwarn.broker.ChildProcesses;

/**
 * The console ({@link ConsoleServer}) in a <b>child JVM</b>, for {@code ./medwarn console} and
 * {@code ./medwarn local}: Javalin, Jetty, Kotlin and the search client stay off the caller's
 * (Flink's) classpath. Like {@code EmbeddedKafkaBroker}, the child's classpath is written at build
 * time to the resource {@value #CLASSPATH_RESOURCE} and this class uses nothing but the JDK, so
 * callers depend on {@code medwarn-console} with all transitive dependencies excluded.
 *
 * <p>{@link #start} returns once the server accepts connections; a taken port or a bad argument is
 * an {@link IOException} carrying the console's own message. The child writes to {@code logFile}
 * and exits by itself when the parent JVM is gone (the broker module's {@code ChildMain}); {@link
 * #close()} stops it.
 */
public final class EmbeddedConsole implements AutoCloseable {

    static final String CLASSPATH_RESOURCE = "console.classpath";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private String startupOutput = "";

    private EmbeddedConsole(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the console on 127.0.0.1.
     *
     * @param searchUrl the search engine, e.g. {@code http://127.0.0.1:9200}
     * @param port the port to serve on; 0 for a free one
     * @param logFile where the child's output goes (appended)
     */
    public static EmbeddedConsole start(String searchUrl, int port, Path logFile)
            throws IOException {
        return start(searchUrl, port, logFile, List.of());
    }

    /**
     * Starts the console on 127.0.0.1 with more {@link ConsoleOptions} ({@code --users FILE},
     * {@code --kafka BOOTSTRAP}, {@code --data-dir DIR}, …).
     *
     * @param options option names and values, in pairs
     */
    public static EmbeddedConsole start(
            String searchUrl, int port, Path logFile, List<String> options) throws IOException {
        int p = port == 0 ? ChildProcesses.freePort() : port;
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of(
                        ChildProcesses.javaExecutable(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.awt.headless=true",
                        "-cp",
                        classpath()));
        ChildProcesses.addMain(command, ConsoleServer.class.getName());
        command.addAll(List.of("--search", searchUrl, "--port", String.valueOf(p)));
        command.addAll(options);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .start();
        process.getOutputStream().close();
        EmbeddedConsole console = new EmbeddedConsole(process, p);
        try {
            console.awaitStarted(logFile, offset);
        } catch (IOException | RuntimeException e) {
            console.close();
            throw e;
        }
        return console;
    }

    /** The console's address, {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /**
     * What the console printed until it served (its users' source, the demo users and passwords
     * when it runs without {@code --users}, the audit log, whether triage actions are on).
     */
    public String startupOutput() {
        return startupOutput;
    }

    private void awaitStarted(Path logFile, long offset) throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output(logFile, offset);
            if (out.contains(ConsoleServer.STARTED_MESSAGE)) {
                startupOutput = out;
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(
                        "console exited with code " + process.exitValue() + ":\n" + out.strip());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the console was starting", e);
            }
        }
        throw new IOException(
                "console did not start within "
                        + STARTUP_TIMEOUT.toSeconds()
                        + " s; its output ("
                        + logFile
                        + "):\n"
                        + output(logFile, offset).strip());
    }

    private static String output(Path logFile, long offset) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The console's classes plus its dependencies (resource written by the build). */
    static String classpath() throws IOException {
        String dependencies = ChildProcesses.classpath(EmbeddedConsole.class, CLASSPATH_RESOURCE);
        Path self =
                ChildProcesses.location(EmbeddedConsole.class)
                        .orElseThrow(() -> new IOException("cannot locate the console's classes"));
        return self + File.pathSeparator + dependencies;
    }

    /** Stops the child JVM (SIGTERM, then kill after {@code STOP_TIMEOUT}). */
    @Override
    public void close() {
        ChildProcesses.terminate(process, STOP_TIMEOUT, STOP_TIMEOUT);
    }
}
