package org.medwarn.sink.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code _bulk} API's NDJSON body: an action line, then the source, per document. */
final class BulkRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkRequests() {}

    /** Bits of the wire version that carry the document's own version (its revision). */
    static final int REVISION_BITS = 33;

    /** Seconds since 2024-01-01T00:00Z, the origin of {@link #runEpoch}. */
    private static final long EPOCH_ORIGIN_SECONDS = 1_704_067_200L;

    /**
     * The run epoch of a writer started at {@code wallClockMillis}: seconds since 2024, which
     * becomes the high bits of every external version it writes (see {@link #wireVersion}).
     */
    static long runEpoch(long wallClockMillis) {
        return Math.max(0, wallClockMillis / 1000 - EPOCH_ORIGIN_SECONDS);
    }

    /**
     * The external version on the wire: the writer's run epoch in the high bits, the document's
     * revision in the low {@value #REVISION_BITS} bits. Within one run a newer revision wins over
     * an older one that arrives late (in-flight reordering); after a restore, everything the
     * restored job writes wins over what the failed run wrote after its last checkpoint, whose
     * revisions may be higher although their content is older (a restored job may emit a different
     * number of updates for the same person-year, e.g. when a reversal and its original arrive in
     * another order). Runs must start at least a second apart, as Flink restarts do.
     */
    static long wireVersion(long runEpoch, long version) {
        return (runEpoch << REVISION_BITS) | (version & ((1L << REVISION_BITS) - 1));
    }

    /** {@code {"index":{"_index":…,"_id":…,"version":…,"version_type":"external"}}}. */
    static String actionLine(SearchDocument d) {
        return actionLine(d, 0);
    }

    /** The action line with versions of the writer run {@code runEpoch}. */
    static String actionLine(SearchDocument d, long runEpoch) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("_index", d.index);
        meta.put("_id", d.id);
        if (d.version != null) {
            meta.put("version", wireVersion(runEpoch, d.version));
            meta.put("version_type", "external");
        }
        ObjectNode action = JSON.createObjectNode();
        action.set(d.op == SearchDocument.Op.CREATE ? "create" : "index", meta);
        return action.toString();
    }

    /** The request body for {@code POST /_bulk}, ending in a newline as the API requires. */
    static String body(List<SearchDocument> docs, long runEpoch) {
        StringBuilder sb = new StringBuilder();
        for (SearchDocument d : docs) {
            sb.append(actionLine(d, runEpoch)).append('\n').append(d.source).append('\n');
        }
        return sb.toString();
    }
}
