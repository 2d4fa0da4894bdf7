package org.medwarn.console;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;

/**
 * {@code ConsoleServer --search URL [--port 8080] [--host 127.0.0.1]}: serves the console until the
 * process is stopped. A taken port or a bad argument ends it with exit code 2 and a message.
 */
public final class ConsoleServer {

    /** Printed once the server accepts connections (the child-JVM launcher waits for it). */
    public static final String STARTED_MESSAGE = "console: serving on ";

    private ConsoleServer() {}

    public static void main(String[] args) {
        ConsoleOptions options;
        try {
            options = ConsoleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("console: " + e.getMessage());
            System.err.println(ConsoleOptions.USAGE);
            System.exit(2);
            return;
        }
        SearchClient search = new SearchClient(options.searchUrl());
        Javalin app = ConsoleApp.create(new ConsoleData(search));
        try {
            app.start(options.host(), options.port());
        } catch (JavalinBindException e) {
            System.err.println(
                    "console: port "
                            + options.port()
                            + " on "
                            + options.host()
                            + " is already in use; choose another with --port");
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "console-stop"));
        System.out.println(
                STARTED_MESSAGE
                        + "http://"
                        + options.host()
                        + ":"
                        + app.port()
                        + "/ (search engine: "
                        + options.searchUrl()
                        + ")");
    }
}
