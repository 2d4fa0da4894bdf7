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

    /**
     * {@code doc} with its revision turned into the wire version of the writer run {@code runEpoch}
     * (see {@link #wireVersion}); unversioned documents stay as they are. The writer stamps a
     * document when it receives it, not when it sends it: a document restored from a checkpoint's
     * buffer keeps the epoch of the run that emitted it, so it cannot overwrite a newer revision
     * that this run wrote before the checkpoint (a retried batch goes back to the head of the
     * buffer, behind newer revisions already written).
     */
    static SearchDocument stamped(SearchDocument doc, long runEpoch) {
        if (doc.version == null) {
            return doc;
        }
        return new SearchDocument(
                doc.index, doc.id, doc.op, wireVersion(runEpoch, doc.version), doc.source);
    }

    /**
     * {@code {"index":{"_index":…,"_id":…,"version":…,"version_type":"external"}}}, with the
     * document's version as it is (a writer {@link #stamped stamps} it first).
     */
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
