package org.medwarn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.medwarn.console.EmbeddedConsole;

/**
 * {@code ./medwarn console [--search http://127.0.0.1:9200] [--port 8080] [--log
 * data/console.log]}: the web console in a child JVM (its Jetty/Javalin stay off this JVM's
 * classpath) until Ctrl-C.
 */
final class ConsoleCommand {

    private static final Set<String> OPTIONS = Set.of("search", "port", "log");

    private ConsoleCommand() {}

    static void run(String[] argv, PrintStream out) throws InterruptedException {
        Args args = new Args("console", argv, OPTIONS);
        String search = args.get("search", "http://127.0.0.1:9200");
        int port = args.intValue("port", 8080);
        Path log = Path.of(args.get("log", "data/console.log")).toAbsolutePath();
        EmbeddedConsole console;
        try {
            console = EmbeddedConsole.start(search, port, log);
        } catch (IOException e) {
            throw new Args.UsageException("console: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "console-stop"));
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
}
