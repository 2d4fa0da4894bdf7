package org.medwarn.sink.search;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One document to write to the search engine: index, deterministic {@code _id}, how to write it and
 * its JSON source. Both the input and the request entry of {@link SearchSink}; Flink moves it with
 * {@link SearchDocumentSerializer}, which also writes the entries a sink writer buffers into its
 * checkpoint.
 *
 * <p>Writes are idempotent: {@link Op#INDEX} with an {@code external} {@link #version} replaces a
 * document only with a higher version (an older write arriving late gets 409, which counts as
 * done); {@link Op#CREATE} writes once and never overwrites (409 = already there = done).
 */
@TypeInfo(SearchDocumentSerializer.Factory.class)
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

    /**
     * Size estimate for batching, an upper bound of the bulk lines' length in UTF-8 bytes without
     * building them: the action line's fixed part and ids as at most 2 bytes a character (they are
     * ASCII in practice), the source's exact UTF-8 length.
     */
    public long sizeInBytes() {
        return 96L + 2L * (index.length() + id.length()) + utf8Length(source);
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
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
