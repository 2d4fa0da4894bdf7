package org.medwarn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.medwarn.policy.PolicyLoader;

class BenchMathTest {
    @Test
    void batchDelayOfTwiceWeeklyScreening() {
        double[] monThu = {3, 4};
        // P(delay <= t) = 2t/7 for t <= 3: the median is 1.75 days
        assertThat(LatencyRun.batchQuantile(monThu, 0.5)).isCloseTo(1.75, within(1e-6));
        // for 3 <= t <= 4: (3 + t)/7
        assertThat(LatencyRun.batchQuantile(monThu, 0.99)).isCloseTo(3.93, within(1e-6));
        assertThat(LatencyRun.batchQuantile(new double[] {14}, 0.5)).isCloseTo(7.0, within(1e-6));
    }

    @Test
    void nearestRankQuantiles() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(LatencyRun.quantile(sorted, 0.5)).isEqualTo(50);
        assertThat(LatencyRun.quantile(sorted, 0.99)).isEqualTo(100);
        assertThat(LatencyRun.quantile(sorted, 1.0)).isEqualTo(100);
        assertThat(LatencyRun.quantile(new long[0], 0.5)).isNaN();
    }

    @Test
    void levelCaseFollowsThePolicyHighestLevelFirst() {
        String sql =
                FlinkSqlPeer.levelCase(
                        PolicyLoader.defaultPolicy(), "cat", "total", String::valueOf);
        assertThat(sql)
                .isEqualTo(
                        "CASE"
                                + " WHEN cat = 'ASSISTED' AND total >= 30000000 THEN 'RED'"
                                + " WHEN cat = 'ASSISTED' AND total >= 10000000 THEN 'YELLOW'"
                                + " WHEN cat = 'ASSISTED' AND total >= 3000000 THEN 'BLUE'"
                                + " WHEN cat = 'ORDINARY' AND total >= 30000000 THEN 'RED'"
                                + " WHEN cat = 'ORDINARY' AND total >= 10000000 THEN 'YELLOW'"
                                + " ELSE 'NONE' END");
    }

    @Test
    void checkpointLogReadsTheCoordinatorsLine() {
        CheckpointLog log = new CheckpointLog();
        log.accept("Triggering checkpoint 7 (type=...) @ 1 for job abc.");
        log.accept(
                "Completed checkpoint 7 for job 0a1b (5329594 bytes, checkpointDuration=1221 ms,"
                        + " finalizationTime=3 ms).");
        log.accept(
                "Completed checkpoint 8 for job 0a1b (6000000 bytes, checkpointDuration=900 ms,"
                        + " finalizationTime=3 ms).");
        assertThat(log.completed()).hasSize(2);
        assertThat(log.maxBytes()).isEqualTo(6_000_000);
        assertThat(log.maxDurationMs()).isEqualTo(1221);
    }

    @Test
    void durationsReadWell() {
        assertThat(Report.duration(850)).isEqualTo("850 ms");
        assertThat(Report.duration(12_500)).isEqualTo("12.5 s");
        assertThat(Report.duration(1.75 * 86_400_000)).isEqualTo("1.8 d");
        assertThat(Report.duration(Double.NaN)).isEqualTo("TODO");
    }
}
