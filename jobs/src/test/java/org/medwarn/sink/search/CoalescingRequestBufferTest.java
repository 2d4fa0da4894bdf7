package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

/** One waiting document per id, the newest; retries first; sizes and checkpointed state. */
class CoalescingRequestBufferTest {
    private static RequestEntryWrapper<SearchDocument> entry(SearchDocument d) {
        return new RequestEntryWrapper<>(d, d.sizeInBytes());
    }

    private static SearchDocument v(String id, long version) {
        return SearchDocument.versioned("ledger", id, version, "{\"v\":" + version + "}");
    }

    private static List<String> drain(CoalescingRequestBuffer b) {
        List<String> out = new ArrayList<>();
        while (!b.isEmpty()) {
            out.add(b.poll().getRequestEntry().toString());
        }
        return out;
    }

    @Test
    void aNewerVersionReplacesTheWaitingOneInItsPlaceAndAnOlderOneIsDropped() {
        CoalescingRequestBuffer b = new CoalescingRequestBuffer();
        b.add(entry(v("A", 1)), false);
        b.add(entry(v("B", 1)), false);
        b.add(entry(v("A", 3)), false);
        b.add(entry(v("A", 2)), false); // late and older: the index would refuse it anyway
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.coalesced()).isEqualTo(2);
        assertThat(b.totalSizeInBytes())
                .isEqualTo(v("A", 3).sizeInBytes() + v("B", 1).sizeInBytes());
        assertThat(b.peek().getRequestEntry()).isEqualTo(v("A", 3));
        assertThat(drain(b)).containsExactly("INDEX ledger/A v3", "INDEX ledger/B v1");
        assertThat(b.totalSizeInBytes()).isZero();
        assertThat(b.poll()).isNull();
    }

    @Test
    void sameIdInAnotherIndexIsAnotherDocument() {
        CoalescingRequestBuffer b = new CoalescingRequestBuffer();
        b.add(entry(v("A", 1)), false);
        b.add(entry(SearchDocument.versioned("aggregates", "A", 1, "{}")), false);
        assertThat(b.size()).isEqualTo(2);
    }

    @Test
    void retriesGoFirstUnlessANewerVersionIsWaiting() {
        CoalescingRequestBuffer b = new CoalescingRequestBuffer();
        b.add(entry(v("A", 5)), false);
        b.add(entry(v("B", 1)), false);
        b.add(entry(v("C", 2)), true); // a retry of a batch in flight
        b.add(entry(v("A", 4)), true); // a retry, but version 5 is already waiting
        assertThat(drain(b))
                .containsExactly("INDEX ledger/C v2", "INDEX ledger/A v5", "INDEX ledger/B v1");
    }

    @Test
    void createKeepsTheFirstAndUnversionedReplaceTheLast() {
        CoalescingRequestBuffer b = new CoalescingRequestBuffer();
        b.add(entry(SearchDocument.create("warnings", "W1", "{\"n\":1}")), false);
        b.add(entry(SearchDocument.create("warnings", "W1", "{\"n\":2}")), false);
        b.add(entry(SearchDocument.replace("screenings", "S1", "{\"n\":1}")), false);
        b.add(entry(SearchDocument.replace("screenings", "S1", "{\"n\":2}")), false);
        assertThat(b.getBufferedState())
                .extracting(e -> e.getRequestEntry().source)
                .containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void theCheckpointedStateHoldsTheNewestOfEachWaitingDocumentRetriesFirst() {
        CoalescingRequestBuffer b = new CoalescingRequestBuffer();
        b.add(entry(v("A", 1)), false);
        b.add(entry(v("A", 2)), false);
        b.add(entry(v("R", 7)), true);
        assertThat(b.getBufferedState())
                .extracting(e -> e.getRequestEntry().toString())
                .containsExactly("INDEX ledger/R v7", "INDEX ledger/A v2");
        // the writer re-adds the restored entries to a new buffer: same content
        CoalescingRequestBuffer restored = new CoalescingRequestBuffer();
        b.getBufferedState().forEach(e -> restored.add(e, false));
        assertThat(drain(restored)).containsExactly("INDEX ledger/R v7", "INDEX ledger/A v2");
    }
}
