package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Stream;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * A real OpenSearch 2.19 node on 127.0.0.1 and a free port (in the test JVM), with the medwarn
 * index templates installed from the job's resource files (the data contract), plus the few REST
 * calls the tests need to fill it. Replace by the project's {@code EmbeddedSearchNode} once that
 * module exists.
 */
final class TestSearchNode implements AutoCloseable {

    /** The index templates, as the job ships them. */
    static final Path TEMPLATES =
            Path.of("..", "jobs", "src", "main", "resources", "medwarn", "search");

    private final OpenSearchRunner runner;
    private final Path dir;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestSearchNode(OpenSearchRunner runner, Path dir, int port) {
        this.runner = runner;
        this.dir = dir;
        this.url = "http://127.0.0.1:" + port;
    }

    static TestSearchNode start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("medwarn-console-search-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild(
                (index, settings) -> {
                    settings.put("http.port", String.valueOf(port));
                    settings.put("network.host", "127.0.0.1");
                    settings.put("discovery.type", "single-node");
                    settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
                });
        runner.build(
                OpenSearchRunner.newConfigs()
                        .basePath(dir.toString())
                        .numOfNode(1)
                        .clusterName("medwarn-console-test")
                        .printOnFailure());
        runner.ensureYellow();
        TestSearchNode node = new TestSearchNode(runner, dir, port);
        node.installTemplates();
        return node;
    }

    String url() {
        return url;
    }

    /** PUT _index_template/NAME for each template file of the contract. */
    void installTemplates() throws IOException, InterruptedException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String name = f.getFileName().toString().replace(".json", "");
                send("PUT", "/_index_template/" + name, Files.readString(f));
            }
        }
    }

    /** Indexes documents (index, id, source) with one bulk request and refreshes. */
    void index(Collection<ConsoleFixture.Doc> docs) throws IOException, InterruptedException {
        StringBuilder bulk = new StringBuilder();
        for (ConsoleFixture.Doc d : docs) {
            bulk.append(Json.obj("index", Json.obj("_index", d.index(), "_id", d.id())))
                    .append('\n')
                    .append(d.source())
                    .append('\n');
        }
        JsonNode answer =
                Json.MAPPER.readTree(send("POST", "/_bulk?refresh=true", bulk.toString()));
        if (answer.path("errors").asBoolean()) {
            throw new IllegalStateException("bulk indexing failed: " + answer);
        }
    }

    /** A search straight against the engine (for the tests' expected values). */
    JsonNode search(String index, JsonNode body) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(send("POST", "/" + index + "/_search", body.toString()));
    }

    void deleteIndices(String pattern) throws IOException, InterruptedException {
        send("DELETE", "/" + pattern + "?ignore_unavailable=true&allow_no_indices=true", null);
    }

    String send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws IOException {
        try {
            runner.close();
        } finally {
            runner.clean();
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
