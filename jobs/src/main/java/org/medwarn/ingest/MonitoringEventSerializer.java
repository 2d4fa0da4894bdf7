package org.medwarn.ingest;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.medwarn.avro.Category;
import org.medwarn.util.CompactSerializer;
import org.medwarn.util.CompactTypeInfo;

/**
 * The binary layout of {@link MonitoringEvent}: what crosses the shuffle to the keyed monitor for
 * every input record, and a reversal held in state for its original. Field by field, without
 * reflection (see {@link CompactSerializer}).
 */
public final class MonitoringEventSerializer extends CompactSerializer<MonitoringEvent> {
    private static final long serialVersionUID = 1L;

    public static final MonitoringEventSerializer INSTANCE = new MonitoringEventSerializer();

    private static final MonitoringEvent.Type[] TYPES = MonitoringEvent.Type.values();
    private static final Category[] CATEGORIES = Category.values();

    @Override
    public MonitoringEvent createInstance() {
        return new MonitoringEvent();
    }

    @Override
    protected void write(MonitoringEvent e, DataOutputView out) throws IOException {
        writeEnum(e.type, out);
        writeString(e.psnNo, out);
        out.writeLong(e.eventTime);
        writeString(e.setlId, out);
        writeString(e.initSetlId, out);
        out.writeLong(e.psnPartCents);
        out.writeLong(e.fulamtOwnpayCents);
        writeString(e.insuAdmdvs, out);
        out.writeLong(e.fingerprint);
        writeEnum(e.category, out);
        writeString(e.identity, out);
        writeString(e.admdvs, out);
        writeString(e.psnNameMasked, out);
        writeString(e.certnoMasked, out);
        out.writeLong(e.inputWatermark);
        writeString(e.source, out);
        out.writeInt(e.partition);
        out.writeLong(e.offset);
        writeBytes(e.raw, out);
    }

    @Override
    public MonitoringEvent deserialize(DataInputView in) throws IOException {
        MonitoringEvent e = new MonitoringEvent();
        e.type = readEnum(TYPES, in);
        e.psnNo = readString(in);
        e.eventTime = in.readLong();
        e.setlId = readString(in);
        e.initSetlId = readString(in);
        e.psnPartCents = in.readLong();
        e.fulamtOwnpayCents = in.readLong();
        e.insuAdmdvs = readString(in);
        e.fingerprint = in.readLong();
        e.category = readEnum(CATEGORIES, in);
        e.identity = readString(in);
        e.admdvs = readString(in);
        e.psnNameMasked = readString(in);
        e.certnoMasked = readString(in);
        e.inputWatermark = in.readLong();
        e.source = readString(in);
        e.partition = in.readInt();
        e.offset = in.readLong();
        e.raw = readBytes(in);
        return e;
    }

    @Override
    public TypeSerializerSnapshot<MonitoringEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The type information of {@code @TypeInfo} on {@link MonitoringEvent}. */
    public static final class Factory extends TypeInfoFactory<MonitoringEvent> {
        @Override
        public TypeInformation<MonitoringEvent> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(MonitoringEvent.class, INSTANCE);
        }
    }

    /** Restores the serializer from a checkpoint: the layout has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MonitoringEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
