package org.medwarn.state;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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
 *
 * <p>Layouts: <b>2</b> (current) writes strings with {@link #writeText} (UTF-8, one array copy for
 * ASCII); <b>1</b> wrote them with {@code writeUTF} (checkpoints and savepoints before layouts were
 * numbered, snapshot class {@link Snapshot}). A job restored from layout 1 migrates its state to
 * layout 2 ({@link LayoutSnapshot}). A change of the layout is a new number here.
 */
public class PersonStateSerializer extends CompactSerializer<PersonState> {
    private static final long serialVersionUID = 1L;

    /** The current layout. */
    public static final int LAYOUT = 2;

    public static final PersonStateSerializer INSTANCE = new PersonStateSerializer();

    /**
     * Layout 1: read to migrate older checkpoints (a class of its own: serializers equal by class).
     */
    static final PersonStateSerializer LAYOUT_1 = new Layout1();

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
            writeStr(v.identity, out);
            writeStr(v.admdvs, out);
            writeStr(v.psnNameMasked, out);
            writeStr(v.certnoMasked, out);
        }
        out.writeInt(p.years.length);
        for (PersonYear y : p.years) {
            out.writeInt(y.year);
            out.writeLong(y.totalCents);
            writeStr(y.policyVersion, out);
            out.writeInt(y.settlementsCounted);
            writeEnum(y.level, out);
            writeEnum(y.category, out);
            writeStr(y.identity, out);
            writeStr(y.countyCode, out);
            writeStr(y.townshipCode, out);
            writeStr(y.villageCode, out);
            out.writeBoolean(y.registryMissing);
            writeStr(y.psnNameMasked, out);
            writeStr(y.certnoMasked, out);
            out.writeLong(y.revision);
            writeStr(y.insuAdmdvs, out);
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
            v.identity = readStr(in);
            v.admdvs = readStr(in);
            v.psnNameMasked = readStr(in);
            v.certnoMasked = readStr(in);
            p.registry[i] = v;
        }
        p.years = new PersonYear[in.readInt()];
        for (int i = 0; i < p.years.length; i++) {
            PersonYear y = new PersonYear();
            y.year = in.readInt();
            y.totalCents = in.readLong();
            y.policyVersion = readStr(in);
            y.settlementsCounted = in.readInt();
            y.level = readEnum(LEVELS, in);
            y.category = readEnum(CATEGORIES, in);
            y.identity = readStr(in);
            y.countyCode = readStr(in);
            y.townshipCode = readStr(in);
            y.villageCode = readStr(in);
            y.registryMissing = in.readBoolean();
            y.psnNameMasked = readStr(in);
            y.certnoMasked = readStr(in);
            y.revision = in.readLong();
            y.insuAdmdvs = readStr(in);
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

    /** Writes a string in this layout. */
    void writeStr(String s, DataOutputView out) throws IOException {
        writeText(s, out);
    }

    /** Reads a string in this layout. */
    String readStr(DataInputView in) throws IOException {
        return readText(in);
    }

    @Override
    public TypeSerializerSnapshot<PersonState> snapshotConfiguration() {
        return new Layouts(LAYOUT);
    }

    /** Layout 1: strings with {@code writeUTF}. */
    private static final class Layout1 extends PersonStateSerializer {
        private static final long serialVersionUID = 1L;

        @Override
        void writeStr(String s, DataOutputView out) throws IOException {
            writeString(s, out);
        }

        @Override
        String readStr(DataInputView in) throws IOException {
            return readString(in);
        }

        @Override
        public TypeSerializerSnapshot<PersonState> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** The type information of {@code @TypeInfo} on {@link PersonState}. */
    public static final class Factory extends TypeInfoFactory<PersonState> {
        @Override
        public TypeInformation<PersonState> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(PersonState.class, INSTANCE);
        }
    }

    /** The snapshot of the numbered layouts (2 and later): restores the layout it names. */
    public static final class Layouts extends LayoutSnapshot<PersonState> {
        /** For Flink, which instantiates a snapshot and then {@link #readSnapshot reads} it. */
        public Layouts() {
            this(LAYOUT);
        }

        Layouts(int layout) {
            super(layout);
        }

        @Override
        protected TypeSerializer<PersonState> serializerOf(int layout) {
            switch (layout) {
                case 1:
                    return LAYOUT_1;
                case LAYOUT:
                    return INSTANCE;
                default:
                    throw new IllegalStateException(
                            "PersonState layout "
                                    + layout
                                    + " is newer than this build knows (up to "
                                    + LAYOUT
                                    + "): restore with the build that wrote it");
            }
        }

        @Override
        protected boolean isEarlierLayout(TypeSerializerSnapshot<PersonState> old) {
            return old instanceof Snapshot;
        }
    }

    /**
     * The snapshot of layout 1, from before layouts were numbered; its name is in those
     * checkpoints, so it stays. Restores {@link #LAYOUT_1}, which {@link Layouts} migrates.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PersonState> {
        public Snapshot() {
            super(() -> LAYOUT_1);
        }
    }
}
