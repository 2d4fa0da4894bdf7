package org.medwarn.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Headless Chromium (Debian package {@code chromium}) for the browser tests ({@link
 * ChromiumSession}): where it is and how it is started — a fresh, empty profile and no network but
 * the pages it is pointed at.
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {}

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** The command line up to the test's own flags, with its profile in {@code profile}. */
    static List<String> command(Path profile) {
        return List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--lang=zh-CN",
                "--user-data-dir=" + profile);
    }
}
