package org.medwarn.sink.search;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One document to write to the search engine: index, deterministic {@code _id}, how to write it and
 * its JSON source. Both the input and the request entry of {@link SearchSink} (a Flink POJO and
 * {@link Serializable}), so buffered entries survive a checkpoint.
 *
 * <p>Writes are idempotent: {@link Op#INDEX} with an {@code external} {@link #version} replaces a
 * document only with a higher version (an older write arriving late gets 409, which counts as
 * done); {@link Op#CREATE} writes once and never overwrites (409 = already there = done).
 */
public class SearchDocument implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a document is written. */
    public enum Op {
        /** Replace, guarded by the external version when there is one. */
        INDEX,
        /** Write only if absent. */
        CREATE
    }

    public String index;
    public String id;
    public Op op;

    /** External version ({@code version_type=external}), or null for an unversioned write. */
    public Long version;

    /** The document as a JSON object. */
    public String source;

    public SearchDocument() {}

    public SearchDocument(String index, String id, Op op, Long version, String source) {
        this.index = index;
        this.id = id;
        this.op = op;
        this.version = version;
        this.source = source;
    }

    /** An index write guarded by an external version. */
    public static SearchDocument versioned(String index, String id, long version, String source) {
        return new SearchDocument(index, id, Op.INDEX, version, source);
    }

    /** An unversioned index write: for documents that are the same on every re-write. */
    public static SearchDocument replace(String index, String id, String source) {
        return new SearchDocument(index, id, Op.INDEX, null, source);
    }

    /** A create-once write. */
    public static SearchDocument create(String index, String id, String source) {
        return new SearchDocument(index, id, Op.CREATE, null, source);
    }

    /** Size estimate for batching: the bulk lines' length in UTF-8 bytes. */
    public long sizeInBytes() {
        return BulkRequests.actionLine(this).length()
                + source.getBytes(StandardCharsets.UTF_8).length
                + 2L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchDocument d
                && Objects.equals(index, d.index)
                && Objects.equals(id, d.id)
                && op == d.op
                && Objects.equals(version, d.version)
                && Objects.equals(source, d.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, op, version, source);
    }

    @Override
    public String toString() {
        return op + " " + index + "/" + id + (version == null ? "" : " v" + version);
    }
}
