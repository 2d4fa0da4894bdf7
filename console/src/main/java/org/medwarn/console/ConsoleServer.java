package org.medwarn.console;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ConsoleServer --search URL [--port 8080] [--host 127.0.0.1] [--users FILE] [--kafka
 * BOOTSTRAP] [--data-dir DIR] [--session-idle-minutes 30] [--secure-cookies false]}: serves the
 * console until the process is stopped. A taken port, a bad argument or a bad users file ends it
 * with exit code 2 and a message. Without {@code --users} it runs with the demo users and prints
 * them ({@link #printDemoUsers}).
 */
public final class ConsoleServer {

    /** Printed once the server accepts connections (the child-JVM launcher waits for it). */
    public static final String STARTED_MESSAGE = "console: serving on ";

    private ConsoleServer() {}

    public static void main(String[] args) {
        ConsoleOptions options;
        UserDirectory users;
        try {
            options = ConsoleOptions.parse(args);
            users =
                    options.usersFile() == null
                            ? UserDirectory.demo()
                            : UserDirectory.load(Path.of(options.usersFile()));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("console: " + e.getMessage());
            System.err.println(ConsoleOptions.USAGE);
            System.exit(2);
            return;
        }
        ConsoleKafka kafka = null;
        if (options.kafka() != null) {
            kafka = new ConsoleKafka(options.kafka());
            try {
                kafka.createTopics();
            } catch (KafkaUnavailableException e) {
                System.err.println("console: --kafka: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        ConsoleSecurity security =
                new ConsoleSecurity(
                        users,
                        new Sessions(
                                Duration.ofMinutes(options.sessionIdleMinutes()),
                                System::currentTimeMillis),
                        new AuditLog(Path.of(options.dataDir()), kafka),
                        kafka,
                        options.secureCookies());
        SearchClient search = new SearchClient(options.searchUrl());
        Javalin app = ConsoleApp.create(new ConsoleData(search), security);
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
        if (options.usersFile() == null) {
            printDemoUsers();
        }
        System.out.println(
                "console: "
                        + users.size()
                        + " users from "
                        + users.source()
                        + "; audit log "
                        + security.audit().file().toAbsolutePath()
                        + (kafka == null
                                ? "; no --kafka: triage actions are off (503)"
                                : "; triage actions to topic "
                                        + ConsoleKafka.TRIAGE
                                        + " on "
                                        + kafka.bootstrap()));
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

    /** The demo users and their (demo) passwords, as in the comments of the demo file. */
    static void printDemoUsers() {
        System.out.println(
                "console: DEMO USERS (no --users; demo passwords, never use them in production):");
        for (String line : DEMO_USERS) {
            System.out.println("console:   " + line);
        }
    }

    /** user / password / role: the demo file's users (demo-users.yaml). */
    static final String[] DEMO_USERS = {
        "leader    / demo-leader    LEADERSHIP",
        "county    / demo-county    COUNTY_OFFICER",
        "qingquan  / demo-qingquan  TOWNSHIP_OFFICER 371525001 清泉街道",
        "jiazhen   / demo-jiazhen   TOWNSHIP_OFFICER 371525101 贾镇",
        "jiazhen2  / demo-jiazhen2  TOWNSHIP_OFFICER 371525101 贾镇",
        "engineer  / demo-engineer  DATA_ENGINEER"
    };
}
