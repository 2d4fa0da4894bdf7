package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A checkpoint of {@link PersonState} in layout 1 (strings by {@code writeUTF}, before layouts were
 * numbered) restores into the current layout on both state backends, and the restored job's next
 * checkpoint is in the current layout.
 */
class PersonStateLayoutTest {

    static List<Supplier<StateBackend>> backends() {
        return List.of(HashMapStateBackend::new, EmbeddedRocksDBStateBackend::new);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLayout1CheckpointRestoresAndIsRewrittenInTheCurrentLayout(Supplier<StateBackend> backend)
            throws Exception {
        PersonState person = CompactSerializersTest.fullPersonState();
        OperatorSubtaskState layout1;
        try (var h = harness(backend.get(), PersonStateSerializer.LAYOUT_1, null)) {
            h.processElement("P1", 1);
            h.processElement("P2", 2);
            layout1 = h.snapshot(1, 3);
        }
        OperatorSubtaskState migrated;
        try (var h = harness(backend.get(), PersonStateSerializer.INSTANCE, layout1)) {
            h.processElement("P1", 4);
            assertThat(h.extractOutputValues()).containsExactly(bytes(person));
            migrated = h.snapshot(2, 5);
        }
        try (var h = harness(backend.get(), PersonStateSerializer.INSTANCE, migrated)) {
            h.processElement("P2", 6);
            assertThat(h.extractOutputValues()).containsExactly(bytes(person));
        }
    }

    @Test
    void theCurrentLayoutsSnapshotNamesItsLayoutAndJudgesOlderOnes() throws Exception {
        TypeSerializerSnapshot<PersonState> current =
                PersonStateSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, current);
        TypeSerializerSnapshot<PersonState> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(PersonStateSerializer.INSTANCE);
        assertThat(current.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
        assertThat(
                        current.resolveSchemaCompatibility(new PersonStateSerializer.Snapshot())
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        current.resolveSchemaCompatibility(new PersonStateSerializer.Layouts(1))
                                .isCompatibleAfterMigration())
                .isTrue();
        var newer = new PersonStateSerializer.Layouts(PersonStateSerializer.LAYOUT + 1);
        assertThat(current.resolveSchemaCompatibility(newer).isIncompatible()).isTrue();
        assertThatThrownBy(newer::restoreSerializer)
                .hasMessageContaining("layout 3 is newer than this build knows (up to 2)");
    }

    /** Stores the full person for a key it has not seen; else emits the stored person's bytes. */
    private static final class StoreOrShow extends KeyedProcessFunction<String, String, String> {
        private final ValueStateDescriptor<PersonState> descriptor;
        private transient ValueState<PersonState> person;

        StoreOrShow(TypeSerializer<PersonState> serializer) {
            this.descriptor =
                    new ValueStateDescriptor<>(SelfPayMonitor.PERSON.getName(), serializer);
        }

        @Override
        public void open(OpenContext ctx) {
            person = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(String key, Context ctx, Collector<String> out)
                throws Exception {
            if (person.value() == null) {
                person.update(CompactSerializersTest.fullPersonState());
            } else {
                out.collect(bytes(person.value()));
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            StateBackend backend, TypeSerializer<PersonState> serializer, OperatorSubtaskState from)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new StoreOrShow(serializer)),
                        k -> k,
                        Types.STRING);
        h.setStateBackend(backend);
        h.setup();
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    /** The person in the current layout, as text (equal people, equal text). */
    private static String bytes(PersonState p) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            PersonStateSerializer.INSTANCE.serialize(p, out);
            return HexFormat.of().formatHex(out.getCopyOfBuffer());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
