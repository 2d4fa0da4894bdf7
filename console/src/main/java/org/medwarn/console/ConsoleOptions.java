package org.medwarn.console;

/**
 * Command-line options of {@link ConsoleServer}.
 *
 * @param searchUrl base URL of the search engine
 * @param host address to listen on
 * @param port port to listen on (0: any free port)
 */
public record ConsoleOptions(String searchUrl, String host, int port) {

    public static final String USAGE =
            "usage: console --search http://127.0.0.1:9200 [--port 8080] [--host 127.0.0.1]";

    public static ConsoleOptions parse(String[] args) {
        String search = "http://127.0.0.1:9200";
        String host = "127.0.0.1";
        int port = 8080;
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
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new ConsoleOptions(search, host, port);
    }
}
