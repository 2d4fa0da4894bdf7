package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Stream;
import org.medwarn.searchnode.EmbeddedSearchNode;

/**
 * A real search node ({@link EmbeddedSearchNode}: OpenSearch 2.19 in a child JVM on 127.0.0.1 and a
 * free port) with the medwarn index templates installed from the job's resource files (the data
 * contract), plus the few REST calls the tests need to fill it and to ask it directly.
 */
final class TestSearchNode implements AutoCloseable {

    /** The index templates, as the job ships them. */
    static final Path TEMPLATES =
            Path.of("..", "jobs", "src", "main", "resources", "medwarn", "search");

    private final EmbeddedSearchNode node;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestSearchNode(EmbeddedSearchNode node) {
        this.node = node;
        this.url = node.httpUrl();
    }

    static TestSearchNode start() throws IOException, InterruptedException {
        TestSearchNode node = new TestSearchNode(EmbeddedSearchNode.start());
        try {
            node.installTemplates();
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.close();
            throw e;
        }
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
    public void close() {
        node.close();
    }
}
