package org.medwarn.sink.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, per item of a {@code _bulk} response, whether the write is done, must be retried, or is
 * rejected for good (dead letter). Pure; no I/O.
 *
 * <ul>
 *   <li>2xx: done.
 *   <li>409 on a create or an externally versioned write: done. The document is already there
 *       (create) or a newer version is (external version): writing again changes nothing.
 *   <li>429 (too many requests), 5xx, and 408: retry, with backoff.
 *   <li>Any other 4xx (mapping error, 400 malformed document, 404 on a closed index, 409 on an
 *       unversioned write): dead letter with the status, error type and reason; never retried.
 * </ul>
 *
 * A whole request that fails is classified by {@link #forRequest(int)}: 429, 5xx, 408, and 401/403
 * (credentials can be fixed on the server while the job waits) are retried; other 4xx are dead
 * letters for every item. Connection errors are always retried.
 */
public final class BulkResponseClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkResponseClassifier() {}

    /** What to do with one item. */
    public enum Outcome {
        DONE,
        RETRY,
        DEAD_LETTER
    }

    /**
     * The classification of one item.
     *
     * @param outcome what to do
     * @param detail for a retry or dead letter: status, error type and reason
     */
    public record Item(Outcome outcome, String detail) {}

    /** Classifies one item by its status and the document's write op. */
    public static Outcome forItem(int status, SearchDocument doc) {
        if (status >= 200 && status < 300) {
            return Outcome.DONE;
        }
        if (status == 409 && (doc.op == SearchDocument.Op.CREATE || doc.version != null)) {
            return Outcome.DONE;
        }
        return retryable(status) ? Outcome.RETRY : Outcome.DEAD_LETTER;
    }

    /** Classifies a failed request as a whole (an HTTP status other than 200 on {@code _bulk}). */
    public static Outcome forRequest(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DONE;
        }
        return retryable(status) || status == 401 || status == 403
                ? Outcome.RETRY
                : Outcome.DEAD_LETTER;
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    /**
     * Classifies every item of a 200 {@code _bulk} response; items are in request order.
     *
     * @throws IOException if the body is not a bulk response for {@code docs}
     */
    public static List<Item> classify(String responseBody, List<SearchDocument> docs)
            throws IOException {
        JsonNode root = JSON.readTree(responseBody);
        JsonNode items = root == null ? null : root.get("items");
        if (items == null || !items.isArray() || items.size() != docs.size()) {
            throw new IOException(
                    "bulk response has "
                            + (items == null ? "no items" : items.size() + " items")
                            + " for "
                            + docs.size()
                            + " documents: "
                            + abbreviate(responseBody));
        }
        List<Item> result = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            JsonNode item = items.get(i);
            JsonNode r = item.elements().hasNext() ? item.elements().next() : null;
            int status = r == null ? 500 : r.path("status").asInt(500);
            Outcome outcome = forItem(status, docs.get(i));
            String detail = null;
            if (outcome != Outcome.DONE) {
                JsonNode error = r == null ? null : r.get("error");
                detail =
                        "status "
                                + status
                                + (error == null
                                        ? ""
                                        : ": "
                                                + error.path("type").asText()
                                                + ": "
                                                + error.path("reason").asText());
            }
            result.add(new Item(outcome, detail));
        }
        return result;
    }

    static String abbreviate(String s) {
        return s == null || s.length() <= 500 ? String.valueOf(s) : s.substring(0, 500) + "…";
    }
}
