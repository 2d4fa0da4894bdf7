package org.medwarn.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the monitor's hand-written state serializers: a field-by-field binary layout instead of
 * Flink's reflective {@code PojoSerializer} (which the profile of issue 8 showed reading and
 * writing every field by reflection, with a null flag and a type tag per nested object, on every
 * settlement). Subclasses write and read the fields in a fixed order; {@link #copy(Object)} is a
 * round trip through that layout, so it is exactly as deep as serialization.
 *
 * <p>Helpers for the nullable values the state classes have: strings, boxed longs, bytes and enums.
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** Largest scratch buffer kept for the next value (a larger one is dropped after use). */
    private static final int SCRATCH_KEPT_BYTES = 1 << 20;

    private static final ThreadLocal<DataOutputSerializer> SCRATCH =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(4096));

    /** Writes the fields of {@code value} in the class's fixed order. */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    /**
     * {@link #write}s the value. Into Flink's array-backed {@link DataOutputSerializer} (network,
     * RocksDB) directly; into any other view (the heap state backend's full snapshots, a stream
     * wrapper) through a per-thread scratch buffer and one bulk write: the same bytes, without the
     * per-byte calls a stream makes of {@code writeUTF}, {@code writeLong} and the rest (heap
     * snapshots were a third of the local stack's Flink CPU, profile of issue 5).
     */
    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        if (out instanceof DataOutputSerializer) {
            write(value, out);
            return;
        }
        DataOutputSerializer scratch = SCRATCH.get();
        scratch.clear();
        try {
            write(value, scratch);
            out.write(scratch.getSharedBuffer(), 0, scratch.length());
        } finally {
            if (scratch.getSharedBuffer().length > SCRATCH_KEPT_BYTES) {
                SCRATCH.remove();
            }
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(128);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from.getClass().getSimpleName(), e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    protected static void writeString(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    protected static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /**
     * A nullable string as a varint header (0 for null, else 1 + the byte length) and its UTF-8
     * bytes. Faster than {@link #writeString}'s {@code writeUTF} for the short ASCII codes of the
     * state (region codes, policy versions, masked ID numbers): the JDK encodes and decodes an
     * ASCII string in UTF-8 as one array copy, where {@code writeUTF} and {@code readUTF} go char
     * by char (13% of the monitor thread in the profile of issue 8). Not interchangeable with
     * {@link #writeString}: a layout that switches is a new layout ({@link LayoutSnapshot}).
     */
    protected static void writeText(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(utf8.length + 1, out);
        out.write(utf8);
    }

    protected static String readText(DataInputView in) throws IOException {
        int header = readVarInt(in);
        if (header == 0) {
            return null;
        }
        byte[] utf8 = new byte[header - 1];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A non-negative int in 7-bit groups, low group first (one byte below 128). */
    protected static void writeVarInt(int v, DataOutputView out) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    protected static int readVarInt(DataInputView in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("malformed varint (more than 5 bytes)");
    }

    protected static void writeLong(Long v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    protected static Long readLong(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    protected static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    protected static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** An enum constant as its ordinal, −1 for null. */
    protected static void writeEnum(Enum<?> e, DataOutputView out) throws IOException {
        out.writeByte(e == null ? -1 : e.ordinal());
    }

    protected static <E extends Enum<E>> E readEnum(E[] values, DataInputView in)
            throws IOException {
        int ordinal = in.readByte();
        return ordinal < 0 ? null : values[ordinal];
    }

    /**
     * The snapshot of a serializer whose binary layout has a number: it records the layout a
     * checkpoint was written in and restores the serializer of that layout. A checkpoint in an
     * older layout (this class with a smaller number, or the subclass's {@link #isEarlierLayout
     * legacy snapshot}) is compatible after migration: on restore Flink reads every value with the
     * old layout's serializer and writes it in the current one (RocksDB rewrites the state; the
     * heap backend reads it in the old layout). A newer layout than this build knows is
     * incompatible (a savepoint cannot go back to an older build).
     */
    public abstract static class LayoutSnapshot<T> implements TypeSerializerSnapshot<T> {
        private int layout;

        /**
         * @param layout the layout of the serializer this snapshot describes
         */
        protected LayoutSnapshot(int layout) {
            this.layout = layout;
        }

        /** The serializer that reads and writes {@code layout}; fails for an unknown layout. */
        protected abstract TypeSerializer<T> serializerOf(int layout);

        /** Whether {@code old} is a snapshot from before layouts were numbered (layout 1). */
        protected abstract boolean isEarlierLayout(TypeSerializerSnapshot<T> old);

        public int layout() {
            return layout;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(layout);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            layout = in.readInt();
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return serializerOf(layout);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> old) {
            if (old.getClass() == getClass()) {
                int oldLayout = ((LayoutSnapshot<T>) old).layout;
                if (oldLayout == layout) {
                    return TypeSerializerSchemaCompatibility.compatibleAsIs();
                }
                return oldLayout < layout
                        ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                        : TypeSerializerSchemaCompatibility.incompatible();
            }
            return isEarlierLayout(old)
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
