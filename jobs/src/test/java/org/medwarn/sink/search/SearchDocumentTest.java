package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The batch size estimate never undercounts the bulk body, so a batch stays under its cap. */
    @Test
    void sizeEstimateIsAnUpperBoundOfTheBulkLines() {
        for (SearchDocument d :
                List.of(
                        SearchDocument.versioned(
                                "medwarn-ledger",
                                "P000065379-2025",
                                BulkRequests.wireVersion(Long.MAX_VALUE >> 33, 8_589_934_591L),
                                "{\"psn_name_masked\":\"张*\",\"x\":\"𠀀\"}"),
                        SearchDocument.create("medwarn-settlements", "S1", "{}"),
                        SearchDocument.replace("medwarn-aggregates", "", "{\"a\":\"é\"}"))) {
            long actual = BulkRequests.body(List.of(d)).length;
            assertThat(d.sizeInBytes()).as(d.toString()).isBetween(actual, actual + 100);
        }
    }

    /**
     * The bulk body is NDJSON: per document an action line that a JSON parser reads back as the
     * same index, id, op and version (ids with quotes, backslashes, control and non-ASCII
     * characters escaped), then the source as it is.
     */
    @Test
    void bulkBodyIsOneActionLineAndTheSourcePerDocument() throws Exception {
        List<SearchDocument> docs =
                List.of(
                        SearchDocument.versioned(
                                "medwarn-ledger", "P\"1\\2\n张-2025", 42L, "{\"a\":\"张三\"}"),
                        SearchDocument.create("medwarn-settlements", "S\u00011", "{}"),
                        SearchDocument.replace("medwarn-aggregates", "county", "{\"n\":1}"));
        String body = new String(BulkRequests.body(docs), StandardCharsets.UTF_8);
        assertThat(body).endsWith("\n");
        String[] lines = body.split("\n", -1);
        assertThat(lines).hasSize(2 * docs.size() + 1);
        for (int i = 0; i < docs.size(); i++) {
            SearchDocument d = docs.get(i);
            String op = d.op == SearchDocument.Op.CREATE ? "create" : "index";
            JsonNode action = JSON.readTree(lines[2 * i]);
            assertThat(action.size()).isOne();
            JsonNode meta = action.path(op);
            assertThat(meta.path("_index").asText()).isEqualTo(d.index);
            assertThat(meta.path("_id").asText()).isEqualTo(d.id);
            if (d.version == null) {
                assertThat(meta.has("version")).isFalse();
                assertThat(meta.has("version_type")).isFalse();
            } else {
                assertThat(meta.path("version").asLong()).isEqualTo(d.version);
                assertThat(meta.path("version_type").asText()).isEqualTo("external");
            }
            assertThat(lines[2 * i + 1]).isEqualTo(d.source);
            assertThat(BulkRequests.actionLine(d)).isEqualTo(lines[2 * i]);
        }
    }
}
