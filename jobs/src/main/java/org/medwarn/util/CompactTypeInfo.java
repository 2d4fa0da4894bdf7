package org.medwarn.util;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of a class with a {@link CompactSerializer}: Flink uses that serializer
 * wherever the class travels (network, state) instead of analysing it as a POJO. Attached to a
 * class with {@code @TypeInfo} and a factory returning an instance of this.
 */
public final class CompactTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final CompactSerializer<T> serializer;

    public CompactTypeInfo(Class<T> type, CompactSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "(" + serializer.getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactTypeInfo<?> other
                && other.type == type
                && other.serializer.getClass() == serializer.getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, serializer.getClass());
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CompactTypeInfo;
    }
}
