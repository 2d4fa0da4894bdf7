package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medwarn.sink.search.BulkResponseClassifier.Outcome.DEAD_LETTER;
import static org.medwarn.sink.search.BulkResponseClassifier.Outcome.DONE;
import static org.medwarn.sink.search.BulkResponseClassifier.Outcome.RETRY;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResponseClassifierTest {
    private static final SearchDocument VERSIONED =
            SearchDocument.versioned("medwarn-ledger", "P1-2025", 3, "{}");
    private static final SearchDocument CREATE =
            SearchDocument.create("medwarn-warnings", "P1-2025-1", "{}");
    private static final SearchDocument PLAIN =
            new SearchDocument("i", "x", SearchDocument.Op.INDEX, null, "{}");

    @Test
    void successIsDone() {
        assertThat(BulkResponseClassifier.forItem(200, PLAIN)).isEqualTo(DONE);
        assertThat(BulkResponseClassifier.forItem(201, CREATE)).isEqualTo(DONE);
    }

    @Test
    void conflictOnCreateOrExternalVersionIsDone() {
        assertThat(BulkResponseClassifier.forItem(409, CREATE)).isEqualTo(DONE);
        assertThat(BulkResponseClassifier.forItem(409, VERSIONED)).isEqualTo(DONE);
        assertThat(BulkResponseClassifier.forItem(409, PLAIN)).isEqualTo(DEAD_LETTER);
    }

    @Test
    void overloadAndServerErrorsAreRetried() {
        for (int status : new int[] {429, 500, 502, 503, 504, 408}) {
            assertThat(BulkResponseClassifier.forItem(status, VERSIONED)).isEqualTo(RETRY);
            assertThat(BulkResponseClassifier.forRequest(status)).isEqualTo(RETRY);
        }
    }

    @Test
    void clientErrorsAreDeadLetters() {
        assertThat(BulkResponseClassifier.forItem(400, VERSIONED)).isEqualTo(DEAD_LETTER);
        assertThat(BulkResponseClassifier.forItem(404, CREATE)).isEqualTo(DEAD_LETTER);
        assertThat(BulkResponseClassifier.forRequest(400)).isEqualTo(DEAD_LETTER);
        assertThat(BulkResponseClassifier.forRequest(413)).isEqualTo(DEAD_LETTER);
    }

    @Test
    void authenticationFailuresAreRetriedNotDropped() {
        assertThat(BulkResponseClassifier.forRequest(401)).isEqualTo(RETRY);
        assertThat(BulkResponseClassifier.forRequest(403)).isEqualTo(RETRY);
    }

    @Test
    void classifiesEachItemOfABulkResponseWithDetail() throws IOException {
        String body =
                """
                {"took":3,"errors":true,"items":[
                 {"index":{"_index":"medwarn-ledger","_id":"P1-2025","status":200}},
                 {"create":{"_index":"medwarn-warnings","_id":"P1-2025-1","status":409,
                   "error":{"type":"version_conflict_engine_exception","reason":"exists"}}},
                 {"index":{"_index":"i","_id":"x","status":400,
                   "error":{"type":"mapper_parsing_exception","reason":"failed to parse field [year]"}}},
                 {"index":{"_index":"medwarn-ledger","_id":"P1-2025","status":429,
                   "error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}]}
                """;
        List<BulkResponseClassifier.Item> items =
                BulkResponseClassifier.classify(body, List.of(VERSIONED, CREATE, PLAIN, VERSIONED));
        assertThat(items)
                .extracting(BulkResponseClassifier.Item::outcome)
                .containsExactly(DONE, DONE, DEAD_LETTER, RETRY);
        assertThat(items.get(2).detail())
                .isEqualTo("status 400: mapper_parsing_exception: failed to parse field [year]");
    }

    @Test
    void responseOfTheWrongSizeIsAnError() {
        assertThatThrownBy(
                        () -> BulkResponseClassifier.classify("{\"items\":[]}", List.of(VERSIONED)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("0 items for 1 documents");
    }
}
