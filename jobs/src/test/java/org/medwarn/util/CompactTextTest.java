package org.medwarn.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link CompactSerializer#writeText}: every string (null, empty, CJK, long) comes back as it was.
 */
class CompactTextTest {

    @Test
    void stringsOfEveryKindAndLengthRoundTrip() throws Exception {
        char[] longAscii = new char[20_000];
        Arrays.fill(longAscii, '7');
        String[] values = {
            null,
            "",
            "371525101201",
            "张*",
            "低保对象 (特困)",
            "😀",
            "x".repeat(127),
            "y".repeat(128),
            new String(longAscii)
        };
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String s : values) {
            CompactSerializer.writeText(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : values) {
            assertThat(CompactSerializer.readText(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void anAsciiCodeTakesOneHeaderByteAndItsCharacters() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CompactSerializer.writeText("371525", out);
        CompactSerializer.writeText(null, out);
        assertThat(out.length()).isEqualTo(1 + 6 + 1);
    }
}
