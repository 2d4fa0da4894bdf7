package org.medwarn.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyBookTest {
    private static final long MS = 1_000_000L;

    @Test
    void percentilesAreNearestRankOverTheMatchedWarnings() {
        LatencyBook book = new LatencyBook();
        for (int i = 1; i <= 100; i++) {
            book.sent("S" + i, 0);
        }
        for (int i = 100; i >= 1; i--) {
            assertThat(book.warned("S" + i, i * MS)).isTrue();
        }

        LatencyBook.Percentiles p = book.interval();
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50Ms()).isEqualTo(50.0);
        assertThat(p.p99Ms()).isEqualTo(99.0);
        assertThat(p.maxMs()).isEqualTo(100.0);
        assertThat(p.describe()).isEqualTo("p50 50 ms, p99 99 ms, max 100 ms (100 warnings)");
    }

    @Test
    void intervalsStartAfresh_totalKeepsEverySample() {
        LatencyBook book = new LatencyBook();
        book.sent("A", 0);
        book.sent("B", 0);
        book.sent("C", 0);
        book.warned("A", 1_000 * MS);
        assertThat(book.interval().count()).isEqualTo(1);
        book.warned("B", 3_000 * MS);
        book.warned("C", 2_000 * MS);

        LatencyBook.Percentiles second = book.interval();
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.p50Ms()).isEqualTo(2_000.0);
        assertThat(second.maxMs()).isEqualTo(3_000.0);
        assertThat(second.describe()).isEqualTo("p50 2.0 s, p99 3.0 s, max 3.0 s (2 warnings)");
        assertThat(book.interval().describe()).isEqualTo("no warning");
        assertThat(book.interval().p50Ms()).isNaN();
        LatencyBook.Percentiles total = book.total();
        assertThat(total.count()).isEqualTo(3);
        assertThat(total.p50Ms()).isEqualTo(2_000.0);
        assertThat(total.maxMs()).isEqualTo(3_000.0);
    }

    @Test
    void aRedeliveryKeepsTheFirstSend_aSecondWarningOfOneSettlementIsUnmatched() {
        LatencyBook book = new LatencyBook();
        book.sent("S", 10 * MS);
        book.sent("S", 500 * MS); // redelivered later: the warning came from the first
        assertThat(book.warned("S", 110 * MS)).isTrue();
        assertThat(book.warned("S", 120 * MS)).isFalse();

        assertThat(book.total().maxMs()).isEqualTo(100.0);
        assertThat(book.unmatched()).isEqualTo(1);
        assertThat(book.pending()).isZero();
    }

    @Test
    void warningsOfNoSentSettlementAreUnmatched() {
        LatencyBook book = new LatencyBook();
        assertThat(book.warned(null, 5 * MS)).isFalse(); // a timer or policy change: no setl_id
        assertThat(book.warned("BEFORE-THE-SOAK", 5 * MS)).isFalse();

        assertThat(book.unmatched()).isEqualTo(2);
        assertThat(book.total().count()).isZero();
    }

    @Test
    void forgetOlderThanDropsOnlyOlderSends() {
        LatencyBook book = new LatencyBook();
        book.sent("OLD", -5 * MS); // nanoTime may be negative
        book.sent("NEW", 5 * MS);
        book.forgetOlderThan(0);

        assertThat(book.pending()).isEqualTo(1);
        assertThat(book.warned("OLD", 10 * MS)).isFalse();
        assertThat(book.warned("NEW", 10 * MS)).isTrue();
    }

    @Test
    void quantileOfFewValues() {
        assertThat(LatencyBook.quantile(new long[] {7}, 0.5)).isEqualTo(7.0);
        assertThat(LatencyBook.quantile(new long[] {1, 2}, 0.5)).isEqualTo(1.0);
        assertThat(LatencyBook.quantile(new long[] {1, 2}, 0.99)).isEqualTo(2.0);
        assertThat(LatencyBook.quantile(new long[0], 0.5)).isNaN();
    }
}
