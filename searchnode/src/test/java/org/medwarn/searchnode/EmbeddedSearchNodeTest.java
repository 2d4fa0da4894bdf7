package org.medwarn.searchnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class EmbeddedSearchNodeTest {

    @Test
    void servesRestAndKeepsDataAcrossRestart() throws Exception {
        try (EmbeddedSearchNode node = EmbeddedSearchNode.start()) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, node.httpUrl() + "/")).contains("opensearch");
            String put =
                    http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            node.httpUrl()
                                                                    + "/t/_doc/1?refresh=true"))
                                            .header("Content-Type", "application/json")
                                            .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(put).contains("\"result\":\"created\"");
            node.restart();
            assertThat(get(http, node.httpUrl() + "/t/_doc/1")).contains("\"found\":true");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
