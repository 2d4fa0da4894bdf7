package org.medwarn.aggregate;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.util.CompactSerializer;
import org.medwarn.util.CompactTypeInfo;

/**
 * The binary layout of {@link AggregateDelta} on the shuffle from {@link AggregateDeltas} to {@link
 * AggregateGroups} (see {@link CompactSerializer}). Only that edge uses it ({@link #TYPE}): the
 * group's first delta inside {@link GroupState} stays a Flink POJO, so that savepoints of earlier
 * versions keep restoring.
 */
public final class AggregateDeltaSerializer extends CompactSerializer<AggregateDelta> {
    private static final long serialVersionUID = 1L;

    public static final AggregateDeltaSerializer INSTANCE = new AggregateDeltaSerializer();

    /** The type of the deltas' stream. */
    public static final TypeInformation<AggregateDelta> TYPE =
            new CompactTypeInfo<>(AggregateDelta.class, INSTANCE);

    private static final Category[] CATEGORIES = Category.values();
    private static final Level[] LEVELS = Level.values();

    @Override
    public AggregateDelta createInstance() {
        return new AggregateDelta();
    }

    @Override
    protected void write(AggregateDelta d, DataOutputView out) throws IOException {
        writeString(d.regionLevel, out);
        writeString(d.regionCode, out);
        writeString(d.countyCode, out);
        writeString(d.townshipCode, out);
        writeString(d.villageCode, out);
        writeEnum(d.category, out);
        writeEnum(d.level, out);
        out.writeInt(d.year);
        out.writeInt(d.persons);
        out.writeLong(d.selfPayCents);
    }

    @Override
    public AggregateDelta deserialize(DataInputView in) throws IOException {
        AggregateDelta d = new AggregateDelta();
        d.regionLevel = readString(in);
        d.regionCode = readString(in);
        d.countyCode = readString(in);
        d.townshipCode = readString(in);
        d.villageCode = readString(in);
        d.category = readEnum(CATEGORIES, in);
        d.level = readEnum(LEVELS, in);
        d.year = in.readInt();
        d.persons = in.readInt();
        d.selfPayCents = in.readLong();
        return d;
    }

    @Override
    public TypeSerializerSnapshot<AggregateDelta> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint: the layout has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AggregateDelta> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
