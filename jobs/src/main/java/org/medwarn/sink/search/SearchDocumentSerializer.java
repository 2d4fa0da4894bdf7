package org.medwarn.sink.search;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.medwarn.util.CompactSerializer;
import org.medwarn.util.CompactTypeInfo;

/**
 * The binary layout of {@link SearchDocument}: index and id (modified UTF-8), op (ordinal), version
 * (−1 = none), then the JSON source as length-prefixed UTF-8 bytes. Used on every edge a document
 * crosses to the search sinks and, with the same bytes, for the documents a sink writer holds in a
 * checkpoint ({@link SearchSink}'s state, version 1).
 *
 * <p>Why not Flink's {@code PojoSerializer}: it wrote the source with {@code StringValue}, one
 * character per call, and filled the fields by reflection; in the profile of {@code medwarn local}
 * catching up a backlog that was 42% of the Flink process's CPU samples (the search writer and
 * aggregate threads reading documents off their input channels).
 */
public final class SearchDocumentSerializer extends CompactSerializer<SearchDocument> {
    private static final long serialVersionUID = 1L;

    public static final SearchDocumentSerializer INSTANCE = new SearchDocumentSerializer();

    private static final SearchDocument.Op[] OPS = SearchDocument.Op.values();

    @Override
    public SearchDocument createInstance() {
        return new SearchDocument();
    }

    @Override
    protected void write(SearchDocument d, DataOutputView out) throws IOException {
        out.writeUTF(d.index);
        out.writeUTF(d.id);
        writeEnum(d.op, out);
        out.writeLong(d.version == null ? -1 : d.version);
        writeBytes(d.source.getBytes(StandardCharsets.UTF_8), out);
    }

    @Override
    public SearchDocument deserialize(DataInputView in) throws IOException {
        String index = in.readUTF();
        String id = in.readUTF();
        SearchDocument.Op op = readEnum(OPS, in);
        long version = in.readLong();
        String source = new String(readBytes(in), StandardCharsets.UTF_8);
        return new SearchDocument(index, id, op, version < 0 ? null : version, source);
    }

    @Override
    public TypeSerializerSnapshot<SearchDocument> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The type information of {@code @TypeInfo} on {@link SearchDocument}. */
    public static final class Factory extends TypeInfoFactory<SearchDocument> {
        @Override
        public TypeInformation<SearchDocument> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(SearchDocument.class, INSTANCE);
        }
    }

    /** Restores the serializer from a checkpoint: the layout has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SearchDocument> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
