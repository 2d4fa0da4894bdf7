package org.medwarn.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs one contender in a child JVM, so that contenders share neither classpath nor JIT state. The
 * child reports on stdout with lines {@code BENCH key=value}, collected into {@link #results()};
 * every other stdout line (e.g. Flink's "Completed checkpoint" log lines) goes to the line listener
 * and the contender's log file; stderr goes to the log file only.
 */
final class ChildJvm implements AutoCloseable {
    /** Prefix of a result line printed by a contender. */
    static final String RESULT_PREFIX = "BENCH ";

    /** Jars only the Flink SQL peer needs; the other contenders run without them. */
    private static final List<String> TABLE_ONLY_JARS =
            List.of("flink-table-planner", "flink-table-runtime", "flink-table-api-", "scala-");

    private final Process process;
    private final Map<String, String> results = new LinkedHashMap<>();
    private final Thread reader;
    private final Path log;

    private ChildJvm(Process process, Path log, Consumer<String> lines) {
        this.process = process;
        this.log = log;
        this.reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                            new BufferedReader(
                                                    new InputStreamReader(
                                                            process.getInputStream(),
                                                            StandardCharsets.UTF_8));
                                    PrintStream logOut =
                                            new PrintStream(
                                                    new java.io.FileOutputStream(
                                                            log.toFile(), true),
                                                    true,
                                                    StandardCharsets.UTF_8)) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    logOut.println(line);
                                    if (line.startsWith(RESULT_PREFIX)) {
                                        String kv = line.substring(RESULT_PREFIX.length());
                                        int eq = kv.indexOf('=');
                                        synchronized (results) {
                                            results.put(kv.substring(0, eq), kv.substring(eq + 1));
                                            results.notifyAll();
                                        }
                                    } else {
                                        lines.accept(line);
                                    }
                                }
                            } catch (IOException e) {
                                // the child is gone
                            }
                        },
                        "bench-child-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a child JVM.
     *
     * @param withTable whether the child needs the table planner (the Flink SQL peer)
     * @param log file that receives the child's stdout and stderr
     */
    static ChildJvm start(
            Class<?> mainClass,
            List<String> args,
            boolean withTable,
            List<String> jvmOptions,
            Path log,
            Consumer<String> lines)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(
                List.of(
                        "-Xmx4g",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                        "--add-opens=java.base/java.net=ALL-UNNAMED",
                        "--add-opens=java.base/java.io=ALL-UNNAMED",
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "-Dlog4j2.configurationFile=org/medwarn/bench/log4j2-contender.properties"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath(withTable));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        Process p =
                new ProcessBuilder(cmd)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        return new ChildJvm(p, log, lines);
    }

    /** This JVM's classpath, without the table planner unless {@code withTable}. */
    static String classpath(boolean withTable) {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        return Arrays.stream(entries)
                .filter(
                        e ->
                                withTable
                                        || TABLE_ONLY_JARS.stream()
                                                .noneMatch(
                                                        j ->
                                                                Path.of(e)
                                                                        .getFileName()
                                                                        .toString()
                                                                        .startsWith(j)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits until the child has reported {@code key}; returns its value. */
    String awaitResult(String key, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (results) {
            while (!results.containsKey(key)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new IllegalStateException(
                            "contender did not report '"
                                    + key
                                    + "' (exit: "
                                    + exitText()
                                    + "); its log: "
                                    + log);
                }
                results.wait(Math.min(left, 500));
            }
            return results.get(key);
        }
    }

    /** Waits for the child to exit; fails with its exit code if it did not exit with 0. */
    Map<String, String> finish(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(
                    "contender did not finish within " + timeoutMillis / 1000 + " s");
        }
        reader.join(10_000);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "contender exited with " + process.exitValue() + "; its log: " + log);
        }
        synchronized (results) {
            return new LinkedHashMap<>(results);
        }
    }

    private String exitText() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    /** Whether the child is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the child at once (SIGKILL): nothing of it is cleaned up, as when a machine is lost.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
