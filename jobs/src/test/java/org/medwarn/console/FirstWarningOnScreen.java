package org.medwarn.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Measures what issue 5 asks for: the time from the command to the first warning <em>on
 * screen</em>. Run by {@code bench/first-warning.sh --screen} next to {@code ./medwarn local}:
 * waits for the console, logs in as a county officer in headless Chromium, opens the warning queue
 * and watches the live page (which refreshes itself, as an officer's would; this never reloads it)
 * until it shows a warning row. Prints one line, {@code on screen after S s: LEVEL}, with S counted
 * from the given start, and saves a screenshot.
 *
 * <pre>
 *   FirstWarningOnScreen CONSOLE_URL USER PASSWORD START_EPOCH_MS SCREENSHOT.png [TIMEOUT_S]
 * </pre>
 */
public final class FirstWarningOnScreen {
    private static final String ROW = "document.querySelector('[data-testid=queue-row]')";

    private FirstWarningOnScreen() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println(
                    "usage: FirstWarningOnScreen CONSOLE_URL USER PASSWORD START_EPOCH_MS"
                            + " SCREENSHOT.png [TIMEOUT_S]");
            System.exit(2);
        }
        String console = args[0].endsWith("/") ? args[0] : args[0] + "/";
        long start = Long.parseLong(args[3]);
        long deadline =
                System.currentTimeMillis()
                        + Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 600)
                                .toMillis();
        awaitConsole(console, deadline);
        try (ChromiumSession browser = ChromiumSession.start(1600, 1000)) {
            browser.login(console, args[1], args[2]);
            browser.open(console + "queue.html", BrowserChecks.LOADED);
            while (!browser.eval("Boolean(" + ROW + ")").asBoolean()) {
                if (System.currentTimeMillis() > deadline) {
                    System.out.println("on screen: no warning row before the timeout");
                    System.exit(1);
                }
                Thread.sleep(100);
            }
            long seen = System.currentTimeMillis();
            String level = browser.eval(ROW + ".dataset.level").asText();
            System.out.printf("on screen after %.1f s: %s%n", (seen - start) / 1000.0, level);
            browser.screenshot(Path.of(args[4]));
        }
    }

    /** Waits until the console answers its login page (it starts with the stack). */
    private static void awaitConsole(String console, long deadline) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest login = HttpRequest.newBuilder(URI.create(console + "login.html")).build();
        while (true) {
            try {
                if (http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("console did not answer at " + console);
            }
            Thread.sleep(250);
        }
    }
}
