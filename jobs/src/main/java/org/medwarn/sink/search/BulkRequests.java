package org.medwarn.sink.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code _bulk} API's NDJSON body: an action line, then the source, per document. */
final class BulkRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkRequests() {}

    /** {@code {"index":{"_index":…,"_id":…,"version":…,"version_type":"external"}}}. */
    static String actionLine(SearchDocument d) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("_index", d.index);
        meta.put("_id", d.id);
        if (d.version != null) {
            meta.put("version", d.version);
            meta.put("version_type", "external");
        }
        ObjectNode action = JSON.createObjectNode();
        action.set(d.op == SearchDocument.Op.CREATE ? "create" : "index", meta);
        return action.toString();
    }

    /** The request body for {@code POST /_bulk}, ending in a newline as the API requires. */
    static String body(List<SearchDocument> docs) {
        StringBuilder sb = new StringBuilder();
        for (SearchDocument d : docs) {
            sb.append(actionLine(d)).append('\n').append(d.source).append('\n');
        }
        return sb.toString();
    }
}
