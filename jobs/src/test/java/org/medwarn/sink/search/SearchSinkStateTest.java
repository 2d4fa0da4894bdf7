package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The documents a search sink writer holds in a checkpoint keep the layout of state version 1,
 * which is written here by hand as the earlier code wrote it, so that checkpoints of earlier
 * versions still restore.
 */
class SearchSinkStateTest {

    @Test
    void readsAndWritesTheLayoutOfVersionOne() throws Exception {
        SearchDocument doc =
                SearchDocument.versioned("medwarn-ledger", "P1-2025", 42, "{\"level\":\"蓝\"}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("medwarn-ledger");
        out.writeUTF("P1-2025");
        out.writeByte(SearchDocument.Op.INDEX.ordinal());
        out.writeLong(42);
        byte[] source = "{\"level\":\"蓝\"}".getBytes(StandardCharsets.UTF_8);
        out.writeInt(source.length);
        out.write(source);
        byte[] versionOne = bytes.toByteArray();

        SearchSink.StateSerializer state = new SearchSink.StateSerializer();
        assertThat(state.getVersion()).isEqualTo(1);
        assertThat(
                        state.deserializeRequestFromStream(
                                versionOne.length,
                                new DataInputStream(new ByteArrayInputStream(versionOne))))
                .isEqualTo(doc);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        state.serializeRequestToStream(doc, new DataOutputStream(written));
        assertThat(written.toByteArray()).isEqualTo(versionOne);
    }
}
