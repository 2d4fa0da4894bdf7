package org.medwarn.sink.search;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;

/** The {@code _bulk} API's NDJSON body: an action line, then the source, per document. */
final class BulkRequests {
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
        StringBuilder line = new StringBuilder(96 + d.index.length() + d.id.length());
        appendActionLine(d, line);
        return line.toString();
    }

    /**
     * Writes the action line as text: it is built once per document and every bulk request (1,000
     * documents) builds a thousand, which a JSON tree made the costliest step of the sink writer.
     * The index and id are JSON-escaped; the rest is fixed text and a number.
     */
    private static void appendActionLine(SearchDocument d, StringBuilder line) {
        line.append(d.op == SearchDocument.Op.CREATE ? "{\"create\":" : "{\"index\":");
        line.append("{\"_index\":");
        appendQuoted(d.index, line);
        line.append(",\"_id\":");
        appendQuoted(d.id, line);
        if (d.version != null) {
            line.append(",\"version\":").append(d.version.longValue());
            line.append(",\"version_type\":\"external\"");
        }
        line.append("}}");
    }

    private static void appendQuoted(String value, StringBuilder line) {
        line.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, line);
        line.append('"');
    }

    /**
     * The request body for {@code POST /_bulk} as UTF-8 bytes, ending in a newline as the API
     * requires: built in one buffer sized by the documents' {@link SearchDocument#sizeInBytes} (an
     * upper bound), without a text copy of the whole body.
     */
    static byte[] body(List<SearchDocument> docs) {
        return buffer(docs).toByteArray();
    }

    /** {@link #body} as a request entity, without copying the buffer. */
    static HttpEntity entity(List<SearchDocument> docs, ContentType type) {
        Body body = buffer(docs);
        return new NByteArrayEntity(body.bytes(), 0, body.size(), type);
    }

    private static Body buffer(List<SearchDocument> docs) {
        long capacity = 0;
        for (SearchDocument d : docs) {
            capacity += d.sizeInBytes();
        }
        Body body = new Body((int) Math.min(capacity, Integer.MAX_VALUE - 16));
        StringBuilder line = new StringBuilder(256);
        for (SearchDocument d : docs) {
            line.setLength(0);
            appendActionLine(d, line);
            line.append('\n');
            body.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(d.source.getBytes(StandardCharsets.UTF_8));
            body.write('\n');
        }
        return body;
    }

    /** A byte buffer whose array the entity may wrap. */
    private static final class Body extends ByteArrayOutputStream {
        Body(int capacity) {
            super(Math.max(capacity, 32));
        }

        byte[] bytes() {
            return buf;
        }
    }
}
