package org.medwarn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.medwarn.console.EmbeddedConsole;

/**
 * {@code ./medwarn console [--search http://127.0.0.1:9200] [--port 8080] [--log data/console.log]
 * [--users FILE] [--kafka HOST:PORT] [--data-dir data/console] [--session-idle-minutes 30]
 * [--secure-cookies false]}: the web console in a child JVM (its Jetty/Javalin stay off this JVM's
 * classpath) until Ctrl-C. The options after {@code --log} go to the console as they are (see
 * {@code ConsoleOptions}); without {@code --users} it runs with the demo users and prints them.
 */
final class ConsoleCommand {

    /** Options passed to the console as they are. */
    private static final List<String> CONSOLE_OPTIONS =
            List.of("users", "kafka", "data-dir", "session-idle-minutes", "secure-cookies", "host");

    private static final Set<String> OPTIONS = options();

    private static Set<String> options() {
        Set<String> all = new HashSet<>(Set.of("search", "port", "log"));
        all.addAll(CONSOLE_OPTIONS);
        return Set.copyOf(all);
    }

    private ConsoleCommand() {}

    static void run(String[] argv, PrintStream out) throws InterruptedException {
        Args args = new Args("console", argv, OPTIONS);
        String search = args.get("search", "http://127.0.0.1:9200");
        int port = args.intValue("port", 8080);
        Path log = Path.of(args.get("log", "data/console.log")).toAbsolutePath();
        EmbeddedConsole console;
        try {
            console = EmbeddedConsole.start(search, port, log, passThrough(args, CONSOLE_OPTIONS));
        } catch (IOException e) {
            throw new Args.UsageException("console: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "console-stop"));
        printStartup(console, out);
        out.println(
                "console: "
                        + console.url()
                        + " (search engine "
                        + search
                        + ", log "
                        + log
                        + "); Ctrl-C stops it");
        Thread.currentThread().join();
    }

    /** {@code --name value} for each of {@code names} given on the command line. */
    static List<String> passThrough(Args args, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String value = args.get(name, null);
            if (value != null) {
                out.add("--" + name);
                out.add(value);
            }
        }
        return out;
    }

    /** The console's own startup lines (users, demo passwords, audit log, triage on or off). */
    static void printStartup(EmbeddedConsole console, PrintStream out) {
        console.startupOutput()
                .lines()
                .filter(l -> l.startsWith("console: ") && !l.startsWith("console: serving"))
                .forEach(out::println);
    }
}
