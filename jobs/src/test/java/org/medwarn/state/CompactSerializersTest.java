package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;
import org.medwarn.aggregate.AggregateDelta;
import org.medwarn.aggregate.AggregateDeltaSerializer;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.ingest.MonitoringEvent;
import org.medwarn.ingest.MonitoringEventSerializer;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchDocumentSerializer;

/**
 * The hand-written serializers (the monitor's state and input, the aggregate deltas and the search
 * documents on their edges) keep every field: each test fills every field of the class with a value
 * other than its default (and fails when a field is added that it does not fill), then checks the
 * round trip and the copy.
 */
class CompactSerializersTest {

    @Test
    void monitoringEventKeepsEveryField() throws Exception {
        MonitoringEvent e = event();
        assertEveryFieldSet(e);
        assertRoundTrip(MonitoringEventSerializer.INSTANCE, e);
        assertFlinkUses(MonitoringEvent.class, MonitoringEventSerializer.INSTANCE);
    }

    @Test
    void settlementEntryKeepsEveryFieldWithItsHeldReversal() throws Exception {
        SettlementEntry s = new SettlementEntry();
        s.year = 2025;
        s.month = 2025 * 12 + 3;
        s.status = SettlementEntry.Status.PENDING_REVERSAL;
        s.psnPartCents = -12_345;
        s.fulamtOwnpayCents = -678;
        s.fingerprint = 0x1234_5678_9abcL;
        s.pendingReversal = event();
        assertEveryFieldSet(s);
        assertRoundTrip(SettlementEntrySerializer.INSTANCE, s);
        s.pendingReversal = null;
        assertRoundTrip(SettlementEntrySerializer.INSTANCE, s);
    }

    @Test
    void personStateKeepsEveryFieldInEveryLayout() throws Exception {
        PersonState p = fullPersonState();
        assertEveryFieldSet(p.registry[0]);
        assertEveryFieldSet(p.years[0]);
        assertEveryFieldSet(p.months[0]);
        for (PersonStateSerializer layout :
                List.of(PersonStateSerializer.INSTANCE, PersonStateSerializer.LAYOUT_1)) {
            assertRoundTrip(layout, p);
            assertRoundTrip(layout, new PersonState());
        }
    }

    /** A person with every field of every part set (and one empty registry version and year). */
    static PersonState fullPersonState() {
        RegistryVersion v =
                new RegistryVersion(1_700_000_000_000L, Category.ASSISTED, "低保对象", "371525101201");
        v.withMasked("张*", "3715**********1234");
        PersonYear y = new PersonYear();
        y.year = 2025;
        y.totalCents = 30_000_00;
        y.policyVersion = "default-2022";
        y.settlementsCounted = 7;
        y.level = Level.BLUE;
        y.category = Category.ASSISTED;
        y.identity = "低保对象";
        y.countyCode = "371525";
        y.townshipCode = "371525101";
        y.villageCode = "371525101201";
        y.registryMissing = true;
        y.psnNameMasked = "张*";
        y.certnoMasked = "3715**********1234";
        y.revision = 9;
        y.insuAdmdvs = "371525";
        y.asOf = 1_750_000_000_000L;
        y.sequence = 2;
        y.firstBlueTime = 1L;
        y.firstYellowTime = 2L;
        y.firstRedTime = 3L;
        y.lastSetlTime = 4L;
        MonthBucket b = new MonthBucket();
        b.month = 2025 * 12;
        b.psnPartCents = 5;
        b.fulamtOwnpayCents = 6;
        PersonState p = new PersonState();
        p.registry = new RegistryVersion[] {v, new RegistryVersion()};
        p.years = new PersonYear[] {y, new PersonYear()};
        p.months = new MonthBucket[] {b};
        return p;
    }

    @Test
    void aggregateDeltaKeepsEveryField() throws Exception {
        AggregateDelta d = new AggregateDelta();
        d.regionLevel = "village";
        d.regionCode = "371525101201";
        d.countyCode = "371525";
        d.townshipCode = "371525101";
        d.villageCode = "371525101201";
        d.category = Category.ORDINARY;
        d.level = Level.RED;
        d.year = 2025;
        d.persons = -1;
        d.selfPayCents = -123_456_78;
        assertEveryFieldSet(d);
        assertRoundTrip(AggregateDeltaSerializer.INSTANCE, d);
        d.villageCode = null;
        assertRoundTrip(AggregateDeltaSerializer.INSTANCE, d);
    }

    @Test
    void searchDocumentKeepsEveryFieldAndIsTheTypeFlinkUses() throws Exception {
        SearchDocument d =
                SearchDocument.versioned(
                        "medwarn-ledger", "P1-2025", 7, "{\"psn_name_masked\":\"张*\"}");
        assertEveryFieldSet(d);
        assertRoundTrip(SearchDocumentSerializer.INSTANCE, d);
        assertRoundTrip(
                SearchDocumentSerializer.INSTANCE,
                SearchDocument.create("medwarn-settlements", "S1", "{}"));
        assertFlinkUses(SearchDocument.class, SearchDocumentSerializer.INSTANCE);
    }

    private static MonitoringEvent event() {
        MonitoringEvent e = new MonitoringEvent();
        e.type = MonitoringEvent.Type.REGISTRY;
        e.psnNo = "P1";
        e.eventTime = 1_750_000_000_000L;
        e.setlId = "S1";
        e.initSetlId = "S0";
        e.psnPartCents = 100;
        e.fulamtOwnpayCents = 20;
        e.insuAdmdvs = "371525";
        e.fingerprint = -7;
        e.category = Category.ASSISTED;
        e.identity = "特困人员";
        e.admdvs = "371525101201";
        e.psnNameMasked = "李*";
        e.certnoMasked = "3715**********0001";
        e.inputWatermark = 1_749_000_000_000L;
        e.source = "settlements";
        e.partition = 1;
        e.offset = 42;
        e.raw = new byte[] {1, 2, 3};
        return e;
    }

    private static <T> void assertRoundTrip(TypeSerializer<T> serializer, T value)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).usingRecursiveComparison().isEqualTo(value);
        T copy = serializer.copy(value);
        assertThat(copy).isNotSameAs(value).usingRecursiveComparison().isEqualTo(value);
        // a stream (the heap backend's snapshots) gets the same bytes, through the scratch buffer
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        serializer.serialize(value, new DataOutputViewStreamWrapper(stream));
        assertThat(stream.toByteArray()).isEqualTo(out.getCopyOfBuffer());
    }

    /** Flink's type extraction gives {@code type} this serializer (its {@code @TypeInfo}). */
    private static <T> void assertFlinkUses(Class<T> type, TypeSerializer<T> serializer) {
        assertThat(TypeInformation.of(type).createSerializer(new SerializerConfigImpl()))
                .isSameAs(serializer);
    }

    /** Every instance field of {@code o} differs from its type's default (0, false, null). */
    private static void assertEveryFieldSet(Object o) throws Exception {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object value = f.get(o);
            assertThat(value)
                    .as(o.getClass().getSimpleName() + "." + f.getName() + " is set in this test")
                    .isNotNull()
                    .isNotIn(0, 0L, false, Long.MIN_VALUE);
        }
    }
}
