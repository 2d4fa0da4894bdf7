package org.medwarn.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Reads the medwarn indices of a real search node over REST, for the integration tests. */
public final class SearchTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String url;

    public SearchTestClient(String url) {
        this.url = url;
    }

    /** Every document of the index by {@code _id} (refreshed first); fails on a duplicate id. */
    Map<String, JsonNode> all(String index) throws Exception {
        refresh();
        JsonNode r = get("/" + index + "/_search?size=10000&version=true");
        Map<String, JsonNode> docs = new HashMap<>();
        for (JsonNode hit : r.get("hits").get("hits")) {
            JsonNode previous = docs.put(hit.get("_id").asText(), hit.get("_source"));
            assertThat(previous).as("duplicate id " + hit.get("_id")).isNull();
        }
        return docs;
    }

    /**
     * Waits until document {@code id} of {@code index} has {@code field} = {@code value} (polling
     * {@link #all} every 300 ms); returns it.
     */
    public JsonNode awaitDocument(
            String index, String id, String field, String value, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode d = all(index).get(id);
            if (d != null && value.equals(d.path(field).asText())) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        index + " " + id + " did not reach " + field + " " + value + ": " + d);
            }
            Thread.sleep(300);
        }
    }

    long count(String index) throws Exception {
        refresh();
        return get("/" + index + "/_count").get("count").asLong();
    }

    void awaitCount(String index, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(index) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        index
                                + " did not reach "
                                + expected
                                + " documents; documents per index: "
                                + counts());
            }
            Thread.sleep(500);
        }
    }

    /** Documents per medwarn index, for failure messages. */
    String counts() throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        get("/medwarn-*/_stats/docs")
                .get("indices")
                .fields()
                .forEachRemaining(
                        e ->
                                counts.put(
                                        e.getKey(),
                                        e.getValue().at("/primaries/docs/count").asLong()));
        return counts.toString();
    }

    /** Waits until no index changed for a few seconds (the sink has caught up). */
    void awaitStable(Duration timeout) throws Exception {
        String last = "";
        int same = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (same < 6 && System.nanoTime() < deadline) {
            refresh();
            String now = get("/medwarn-*/_stats/indexing").get("_all").toString();
            same = now.equals(last) ? same + 1 : 0;
            last = now;
            Thread.sleep(1000);
        }
    }

    void refresh() throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/medwarn-*/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** GET {@code path}, which must answer 200. */
    JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), path);
    }

    /** POST a JSON body to {@code path} (a search), which must answer 200. */
    JsonNode post(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                path);
    }

    private static JsonNode send(HttpRequest.Builder request, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
