package org.medwarn.console;

/**
 * Command-line options of {@link ConsoleServer}.
 *
 * @param searchUrl base URL of the search engine
 * @param host address to listen on
 * @param port port to listen on (0: any free port)
 * @param usersFile the users file ({@link UserDirectory}), or null for the demo users
 * @param kafka Kafka bootstrap servers for triage actions and the audit topic, or null (actions
 *     answer 503)
 * @param dataDir where the access audit file goes
 * @param sessionIdleMinutes a session ends after this many minutes without a request
 * @param secureCookies whether the session cookie is {@code Secure} (serve behind https)
 */
public record ConsoleOptions(
        String searchUrl,
        String host,
        int port,
        String usersFile,
        String kafka,
        String dataDir,
        int sessionIdleMinutes,
        boolean secureCookies) {

    public static final String USAGE =
            "usage: console --search http://127.0.0.1:9200 [--port 8080] [--host 127.0.0.1]"
                    + " [--users users.yaml] [--kafka HOST:PORT] [--data-dir data/console]"
                    + " [--session-idle-minutes 30] [--secure-cookies true|false]";

    public static ConsoleOptions parse(String[] args) {
        String search = "http://127.0.0.1:9200";
        String host = "127.0.0.1";
        int port = 8080;
        String users = null;
        String kafka = null;
        String dataDir = "data/console";
        int idle = 30;
        boolean secure = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            String value = args[++i];
            switch (name) {
                case "--search" -> search = value;
                case "--host" -> host = value;
                case "--port" -> port = Params.intIn("--port", value, 8080, 0, 65535);
                case "--users" -> users = value;
                case "--kafka" -> kafka = value;
                case "--data-dir" -> dataDir = value;
                case "--session-idle-minutes" ->
                        idle = Params.intIn("--session-idle-minutes", value, 30, 1, 24 * 60);
                case "--secure-cookies" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException(
                                "--secure-cookies: '" + value + "' is not true or false");
                    }
                    secure = Boolean.parseBoolean(value);
                }
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new ConsoleOptions(search, host, port, users, kafka, dataDir, idle, secure);
    }
}
