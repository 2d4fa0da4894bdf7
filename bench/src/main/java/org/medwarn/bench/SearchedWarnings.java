package org.medwarn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.medwarn.sink.search.IndexTemplates;

/**
 * Which probe persons already have a RED warning document that a search of {@code medwarn-warnings}
 * returns (i.e. written and refreshed): the search-engine side of the latency run.
 */
final class SearchedWarnings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI searchUri;

    SearchedWarnings(String searchUrl) {
        this.searchUri =
                URI.create(
                        searchUrl
                                + "/"
                                + IndexTemplates.WARNINGS
                                + "/_search?filter_path=hits.hits._source.psn_no");
    }

    /** The persons of {@code psnNos} with a RED warning found by a search now. */
    List<String> red(List<String> psnNos) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        if (psnNos.isEmpty()) {
            return found;
        }
        ObjectNode query = JSON.createObjectNode();
        query.put("size", psnNos.size());
        query.putArray("_source").add("psn_no");
        ObjectNode bool = query.putObject("query").putObject("bool");
        bool.putArray("filter")
                .add(termsQuery("psn_no", psnNos))
                .add(
                        JSON.createObjectNode()
                                .set("term", JSON.createObjectNode().put("to_level", "RED")));
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(searchUri)
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(query.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "search of "
                            + IndexTemplates.WARNINGS
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
            found.add(hit.path("_source").path("psn_no").asText());
        }
        return found;
    }

    private static ObjectNode termsQuery(String field, List<String> values) {
        ObjectNode terms = JSON.createObjectNode();
        ArrayNode list = terms.putObject("terms").putArray(field);
        for (String v : values) {
            list.add(v);
        }
        return terms;
    }
}
