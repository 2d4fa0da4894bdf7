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
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.util.CompactSerializer;
import org.medwarn.util.CompactTypeInfo;

/**
 * The binary layout of {@link PersonState}, read and written once per event (see {@link
 * CompactSerializer}): registry versions, open years, monthly buckets, each as a count followed by
 * its fixed sequence of fields. Enums ({@link Category}, {@link Level}) are stored by ordinal, so
 * new Avro symbols may only be appended.
 */
public final class PersonStateSerializer extends CompactSerializer<PersonState> {
    private static final long serialVersionUID = 1L;

    public static final PersonStateSerializer INSTANCE = new PersonStateSerializer();

    private static final Category[] CATEGORIES = Category.values();
    private static final Level[] LEVELS = Level.values();

    @Override
    public PersonState createInstance() {
        return new PersonState();
    }

    @Override
    protected void write(PersonState p, DataOutputView out) throws IOException {
        out.writeInt(p.registry.length);
        for (RegistryVersion v : p.registry) {
            out.writeLong(v.effectiveFrom);
            writeEnum(v.category, out);
            writeString(v.identity, out);
            writeString(v.admdvs, out);
            writeString(v.psnNameMasked, out);
            writeString(v.certnoMasked, out);
        }
        out.writeInt(p.years.length);
        for (PersonYear y : p.years) {
            out.writeInt(y.year);
            out.writeLong(y.totalCents);
            writeString(y.policyVersion, out);
            out.writeInt(y.settlementsCounted);
            writeEnum(y.level, out);
            writeEnum(y.category, out);
            writeString(y.identity, out);
            writeString(y.countyCode, out);
            writeString(y.townshipCode, out);
            writeString(y.villageCode, out);
            out.writeBoolean(y.registryMissing);
            writeString(y.psnNameMasked, out);
            writeString(y.certnoMasked, out);
            out.writeLong(y.revision);
            writeString(y.insuAdmdvs, out);
            out.writeLong(y.asOf);
            out.writeInt(y.sequence);
            writeLong(y.firstBlueTime, out);
            writeLong(y.firstYellowTime, out);
            writeLong(y.firstRedTime, out);
            writeLong(y.lastSetlTime, out);
        }
        out.writeInt(p.months.length);
        for (MonthBucket b : p.months) {
            out.writeInt(b.month);
            out.writeLong(b.psnPartCents);
            out.writeLong(b.fulamtOwnpayCents);
        }
    }

    @Override
    public PersonState deserialize(DataInputView in) throws IOException {
        PersonState p = new PersonState();
        p.registry = new RegistryVersion[in.readInt()];
        for (int i = 0; i < p.registry.length; i++) {
            RegistryVersion v = new RegistryVersion();
            v.effectiveFrom = in.readLong();
            v.category = readEnum(CATEGORIES, in);
            v.identity = readString(in);
            v.admdvs = readString(in);
            v.psnNameMasked = readString(in);
            v.certnoMasked = readString(in);
            p.registry[i] = v;
        }
        p.years = new PersonYear[in.readInt()];
        for (int i = 0; i < p.years.length; i++) {
            PersonYear y = new PersonYear();
            y.year = in.readInt();
            y.totalCents = in.readLong();
            y.policyVersion = readString(in);
            y.settlementsCounted = in.readInt();
            y.level = readEnum(LEVELS, in);
            y.category = readEnum(CATEGORIES, in);
            y.identity = readString(in);
            y.countyCode = readString(in);
            y.townshipCode = readString(in);
            y.villageCode = readString(in);
            y.registryMissing = in.readBoolean();
            y.psnNameMasked = readString(in);
            y.certnoMasked = readString(in);
            y.revision = in.readLong();
            y.insuAdmdvs = readString(in);
            y.asOf = in.readLong();
            y.sequence = in.readInt();
            y.firstBlueTime = readLong(in);
            y.firstYellowTime = readLong(in);
            y.firstRedTime = readLong(in);
            y.lastSetlTime = readLong(in);
            p.years[i] = y;
        }
        p.months = new MonthBucket[in.readInt()];
        for (int i = 0; i < p.months.length; i++) {
            MonthBucket b = new MonthBucket();
            b.month = in.readInt();
            b.psnPartCents = in.readLong();
            b.fulamtOwnpayCents = in.readLong();
            p.months[i] = b;
        }
        return p;
    }

    @Override
    public TypeSerializerSnapshot<PersonState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The type information of {@code @TypeInfo} on {@link PersonState}. */
    public static final class Factory extends TypeInfoFactory<PersonState> {
        @Override
        public TypeInformation<PersonState> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(PersonState.class, INSTANCE);
        }
    }

    /** Restores the serializer from a checkpoint: the layout has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PersonState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
