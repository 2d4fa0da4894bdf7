package org.medwarn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchClients;
import org.medwarn.sink.search.SearchSettings;

/**
 * Which probe persons already have a RED warning document that a search of {@code medwarn-warnings}
 * returns (i.e. written and refreshed): the search-engine side of the latency run. Uses the job's
 * own REST client ({@link SearchClients}).
 */
final class SearchedWarnings implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;

    SearchedWarnings(String searchUrl) {
        this.client = SearchClients.create(SearchSettings.of(searchUrl));
    }

    /**
     * The persons of {@code psnNos} with a RED warning found by a search now.
     *
     * @throws IOException when the search fails (the client's message names the request's URI,
     *     status and answer)
     */
    List<String> red(List<String> psnNos) throws IOException {
        List<String> found = new ArrayList<>();
        if (psnNos.isEmpty()) {
            return found;
        }
        ObjectNode query = JSON.createObjectNode();
        query.put("size", psnNos.size());
        query.putArray("_source").add("psn_no");
        ObjectNode terms = JSON.createObjectNode();
        ArrayNode values = terms.putObject("terms").putArray("psn_no");
        psnNos.forEach(values::add);
        query.putObject("query")
                .putObject("bool")
                .putArray("filter")
                .add(terms)
                .add(
                        JSON.createObjectNode()
                                .set("term", JSON.createObjectNode().put("to_level", "RED")));
        Request search = new Request("POST", "/" + IndexTemplates.WARNINGS + "/_search");
        search.addParameter("filter_path", "hits.hits._source.psn_no");
        search.setJsonEntity(query.toString());
        String body = EntityUtils.toString(client.performRequest(search).getEntity());
        for (JsonNode hit : JSON.readTree(body).path("hits").path("hits")) {
            found.add(hit.path("_source").path("psn_no").asText());
        }
        return found;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
