package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink against a tiny in-JVM fake of the {@code _bulk} API that can answer 503 for a whole
 * request, 429 or 400 for single items: batching, retries until success, and rejected items to the
 * dead letters without blocking the rest.
 */
class SearchSinkWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Dead letters of the sink copies in the local cluster (same JVM). */
    static final ConcurrentLinkedQueue<String> DEAD = new ConcurrentLinkedQueue<>();

    private HttpServer server;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final List<Integer> requestSizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    /** Per request number (1-based): null = normal, else the whole request's status. */
    private volatile Function<Integer, Integer> requestStatus = n -> null;

    /** Per document id and request number: the item status. */
    private volatile ItemStatus itemStatus = (id, n) -> 201;

    interface ItemStatus {
        int status(String id, int request);
    }

    @BeforeEach
    void startServer() throws IOException {
        DEAD.clear();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_bulk", this::bulk);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void bulk(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Integer whole = requestStatus.apply(n);
        if (whole != null) {
            respond(ex, whole, "{\"error\":\"unavailable\",\"status\":" + whole + "}");
            return;
        }
        String[] lines = body.split("\n");
        requestSizes.add(lines.length / 2);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            JsonNode action = JSON.readTree(lines[i]);
            String op = action.fieldNames().next();
            String id = action.get(op).get("_id").asText();
            int status = itemStatus.status(id, n);
            if (action.get(op).has("version")) {
                versions.put(id, action.get(op).get("version").asLong());
            }
            if (status < 300) {
                stored.merge(id, lines[i + 1], (a, b) -> b);
            }
            items.append(items.length() == 0 ? "" : ",")
                    .append("{\"")
                    .append(op)
                    .append("\":{\"_id\":\"")
                    .append(id)
                    .append("\",\"status\":")
                    .append(status)
                    .append(
                            status < 300
                                    ? ""
                                    : ",\"error\":{\"type\":\"t" + status + "\",\"reason\":\"r\"}")
                    .append("}}");
        }
        respond(ex, 200, "{\"errors\":false,\"items\":[" + items + "]}");
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private SearchSettings settings(int batch) {
        return SearchSettings.builder("http://127.0.0.1:" + server.getAddress().getPort())
                .batching(batch, 1, 100, Duration.ofSeconds(30))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
    }

    private void run(SearchSettings settings, List<SearchDocument> docs) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(docs).sinkTo(new SearchSink(settings, new CollectingDeadLetters()));
        env.execute("search-sink-test");
    }

    private static List<SearchDocument> docs(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> SearchDocument.versioned("idx", "d" + i, 1, "{\"n\":" + i + "}"))
                .toList();
    }

    @Test
    void batchesByCountAndFlushesTheRestAtTheEnd() throws Exception {
        run(settings(3), docs(7));
        assertThat(requestSizes).containsExactly(3, 3, 1);
        assertThat(stored).hasSize(7);
        assertThat(DEAD).isEmpty();
    }

    @Test
    void retriesUnavailableRequestsAndOverloadedItemsUntilWritten() throws Exception {
        requestStatus = n -> n <= 2 ? 503 : null;
        itemStatus = (id, n) -> id.equals("d1") && n <= 4 ? 429 : 201;
        run(settings(5), docs(5));
        assertThat(stored).hasSize(5).containsEntry("d1", "{\"n\":1}");
        assertThat(requests.get()).isGreaterThanOrEqualTo(5);
        assertThat(DEAD).isEmpty();
    }

    @Test
    void rejectedItemsGoToDeadLettersOnceAndTheRestIsWritten() throws Exception {
        itemStatus = (id, n) -> id.equals("d2") ? 400 : 201;
        run(settings(10), docs(4));
        assertThat(stored).containsOnlyKeys("d0", "d1", "d3");
        assertThat(DEAD).singleElement().asString().startsWith("INDEX idx/d2 v");
        assertThat(DEAD.peek()).endsWith(": status 400: t400: r");
        assertThat(requests.get()).as("no retry of a 400").isEqualTo(1);
    }

    @Test
    void conflictsOfVersionedAndCreateWritesCountAsDone() throws Exception {
        itemStatus = (id, n) -> 409;
        List<SearchDocument> docs = new ArrayList<>(docs(2));
        docs.add(SearchDocument.create("w", "c1", "{}"));
        run(settings(10), docs);
        assertThat(DEAD).isEmpty();
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void versionsCarryTheEpochOfTheRunThatReceivedTheDocument() throws Exception {
        long before = BulkRequests.runEpoch(System.currentTimeMillis());
        run(settings(10), List.of(SearchDocument.versioned("idx", "v", 7, "{}")));
        long wire = versions.get("v");
        assertThat(wire & ((1L << BulkRequests.REVISION_BITS) - 1)).isEqualTo(7);
        assertThat(wire >>> BulkRequests.REVISION_BITS)
                .isBetween(before, BulkRequests.runEpoch(System.currentTimeMillis()));
    }

    @Test
    void aStampedDocumentKeepsItsEpochAndUnversionedOnesStayAsTheyAre() {
        SearchDocument old = BulkRequests.stamped(SearchDocument.versioned("i", "a", 3, "{}"), 5);
        assertThat(old.version).isEqualTo((5L << BulkRequests.REVISION_BITS) | 3);
        // restored from a checkpoint's buffer into a later run: sent with the version it has
        assertThat(new String(BulkRequests.body(List.of(old)), StandardCharsets.UTF_8))
                .contains("\"version\":" + old.version + ",");
        SearchDocument create = SearchDocument.create("w", "c", "{}");
        assertThat(BulkRequests.stamped(create, 5)).isSameAs(create);
    }

    @Test
    void updatesOfOneDocumentWaitingInTheBufferAreWrittenOnceInTheirNewestVersion()
            throws Exception {
        List<SearchDocument> docs = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            for (int i = 0; i < 3; i++) {
                docs.add(SearchDocument.versioned("idx", "d" + i, v, "{\"v\":" + v + "}"));
            }
        }
        run(settings(10), docs); // 15 documents, 3 ids, all waiting until the end
        assertThat(requestSizes).containsExactly(3);
        assertThat(stored)
                .containsOnly(
                        Map.entry("d0", "{\"v\":5}"),
                        Map.entry("d1", "{\"v\":5}"),
                        Map.entry("d2", "{\"v\":5}"));
    }

    /** Collects rejections into {@link #DEAD}. */
    static final class CollectingDeadLetters implements SearchDeadLetters {
        @Override
        public void open() {}

        @Override
        public void reject(SearchDocument doc, String detail) {
            DEAD.add(doc + ": " + detail);
        }
    }
}
