package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the console's integration tests start: a real search node filled with {@link ConsoleFixture}
 * and the console on a free port in front of it.
 */
final class ConsoleStack implements AutoCloseable {

    /** An answer of the console: status and parsed JSON body. */
    record Answer(int status, JsonNode body) {}

    final TestSearchNode search;
    final ConsoleFixture fixture = new ConsoleFixture();
    private final SearchClient client;
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    ConsoleStack() throws IOException, InterruptedException {
        search = TestSearchNode.start();
        search.index(fixture.docs);
        client = new SearchClient(search.url());
        app = ConsoleApp.create(new ConsoleData(client)).start("127.0.0.1", 0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port() + "/";
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Json.MAPPER.readTree(r.body()));
    }

    /** A test against a console whose search engine is unreachable (a closed port). */
    interface UnreachableSearchTest {
        void run(String consoleUrl, String searchUrl) throws Exception;
    }

    /** Runs {@code test} against a console on a free port whose search engine is not there. */
    static void withUnreachableSearch(UnreachableSearchTest test) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        try (SearchClient dead = new SearchClient(url)) {
            Javalin app = ConsoleApp.create(new ConsoleData(dead)).start("127.0.0.1", 0);
            try {
                test.run("http://127.0.0.1:" + app.port() + "/", url);
            } finally {
                app.stop();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            app.stop();
            client.close();
        } finally {
            search.close();
        }
    }
}
