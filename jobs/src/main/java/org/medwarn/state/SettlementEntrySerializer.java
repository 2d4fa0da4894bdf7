package org.medwarn.state;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.medwarn.ingest.MonitoringEventSerializer;
import org.medwarn.util.CompactSerializer;
import org.medwarn.util.CompactTypeInfo;

/**
 * The binary layout of {@link SettlementEntry} (one per {@code setl_id}, see {@link
 * CompactSerializer}): fixed-width fields, then the held reversal, present only for {@link
 * SettlementEntry.Status#PENDING_REVERSAL}.
 */
public final class SettlementEntrySerializer extends CompactSerializer<SettlementEntry> {
    private static final long serialVersionUID = 1L;

    public static final SettlementEntrySerializer INSTANCE = new SettlementEntrySerializer();

    private static final SettlementEntry.Status[] STATUSES = SettlementEntry.Status.values();

    @Override
    public SettlementEntry createInstance() {
        return new SettlementEntry();
    }

    @Override
    protected void write(SettlementEntry s, DataOutputView out) throws IOException {
        out.writeInt(s.year);
        out.writeInt(s.month);
        writeEnum(s.status, out);
        out.writeLong(s.psnPartCents);
        out.writeLong(s.fulamtOwnpayCents);
        out.writeLong(s.fingerprint);
        out.writeBoolean(s.pendingReversal != null);
        if (s.pendingReversal != null) {
            MonitoringEventSerializer.INSTANCE.serialize(s.pendingReversal, out);
        }
    }

    @Override
    public SettlementEntry deserialize(DataInputView in) throws IOException {
        SettlementEntry s = new SettlementEntry();
        s.year = in.readInt();
        s.month = in.readInt();
        s.status = readEnum(STATUSES, in);
        s.psnPartCents = in.readLong();
        s.fulamtOwnpayCents = in.readLong();
        s.fingerprint = in.readLong();
        if (in.readBoolean()) {
            s.pendingReversal = MonitoringEventSerializer.INSTANCE.deserialize(in);
        }
        return s;
    }

    @Override
    public TypeSerializerSnapshot<SettlementEntry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The type information of {@code @TypeInfo} on {@link SettlementEntry}. */
    public static final class Factory extends TypeInfoFactory<SettlementEntry> {
        @Override
        public TypeInformation<SettlementEntry> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(SettlementEntry.class, INSTANCE);
        }
    }

    /** Restores the serializer from a checkpoint: the layout has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SettlementEntry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
