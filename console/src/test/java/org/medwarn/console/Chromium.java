package org.medwarn.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian package {@code chromium}) for the browser tests: the rendered DOM of a
 * page after its scripts ran ({@code --dump-dom}) and screenshots. Each call is a fresh browser
 * with an empty profile and no network but the pages it is pointed at.
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 120;

    /** Virtual time the page gets to load and run its scripts (it refreshes every 5 s). */
    private static final String VIRTUAL_TIME_MS = "8000";

    private Chromium() {}

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** The DOM of {@code url} after its scripts ran. */
    static String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    /** A PNG of {@code url} at {@code width}×{@code height}. */
    static void screenshot(String url, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run(
                List.of(
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + width + "," + height,
                        "--hide-scrollbars",
                        url));
        if (!Files.exists(png)) {
            throw new IllegalStateException("chromium wrote no screenshot " + png);
        }
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("medwarn-chromium-");
        Path out = profile.resolve("stdout");
        Path err = profile.resolve("stderr");
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(
                List.of(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-quic",
                        "--no-first-run",
                        "--lang=zh-CN",
                        "--user-data-dir=" + profile.resolve("profile"),
                        "--virtual-time-budget=" + VIRTUAL_TIME_MS));
        command.addAll(args);
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        "chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "chromium exited with "
                                + p.exitValue()
                                + ": "
                                + Files.readString(err, StandardCharsets.UTF_8));
            }
            return stdout;
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
