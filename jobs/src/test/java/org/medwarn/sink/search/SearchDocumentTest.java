package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchDocumentTest {

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
            long actual = BulkRequests.body(List.of(d)).getBytes(StandardCharsets.UTF_8).length;
            assertThat(d.sizeInBytes()).as(d.toString()).isBetween(actual, actual + 100);
        }
    }
}
