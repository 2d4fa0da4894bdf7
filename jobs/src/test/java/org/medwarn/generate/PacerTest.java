package org.medwarn.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medwarn.time.ChinaTime;

class PacerTest {
    private static final long TODAY = ChinaTime.parse("2025-10-01 00:00:00");

    @Test
    void catchUpFeedsTheYearSoFarUnpacedThenRunsAtSpeedFromToday() throws Exception {
        // a year in a second: one simulated day is ~2.7 ms
        Pacer pacer = Pacer.catchUpThenSpeed(TODAY, 365 * 86_400.0);
        assertThat(pacer.catchingUp(TODAY - 1)).isTrue();
        assertThat(pacer.catchingUp(TODAY)).isFalse();
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            pacer.await(i + 1, ChinaTime.startOfYear(2025) + i * 1000L);
        }
        assertThat((System.nanoTime() - start) / 1e6).as("ms for the catch-up").isLessThan(5_000);
        pacer.await(10_001, TODAY);
        long paced = System.nanoTime();
        pacer.await(10_002, TODAY + 73 * 86_400_000L); // a fifth of a year later: ~200 ms
        assertThat((System.nanoTime() - paced) / 1e6).as("ms paced").isBetween(150.0, 5_000.0);
    }

    @Test
    void speedMustBePositive() {
        assertThatThrownBy(() -> Pacer.catchUpThenSpeed(TODAY, 0))
                .hasMessageContaining("speed: 0.0 is not above 0");
    }
}
