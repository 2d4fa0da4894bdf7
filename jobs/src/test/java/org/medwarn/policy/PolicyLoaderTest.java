package org.medwarn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.MonthDay;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.time.ChinaTime;
import org.medwarn.triage.ServiceLevels;

/** The default policy, every validation error (naming key and value), and level edges. */
class PolicyLoaderTest {
    private static final String THRESHOLDS =
            """
            thresholds:
              ASSISTED: {BLUE: 30000, YELLOW: 100000, RED: 300000}
              ORDINARY: {YELLOW: 100000, RED: 300000}
            """;

    private static Policy parse(String yaml) {
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
    }

    private static void invalid(String yaml, String... messageParts) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("test.yaml: ")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void defaultPolicyIsTheGuanxianMechanism() {
        Policy p = PolicyLoader.defaultPolicy();
        assertThat(p.version()).isEqualTo("default-2022");
        assertThat(p.effectiveFrom()).isEqualTo(ChinaTime.parse("2022-01-01 00:00:00"));
        assertThat(p.selfPayMeasure()).isEqualTo(SelfPayMeasure.PSN_PART_AMT);
        assertThat(p.lateSettlementBound()).isEqualTo(MonthDay.of(3, 31));
        assertThat(p.thresholds(Category.ASSISTED).asMap())
                .containsExactly(
                        Map.entry(Level.BLUE, 3_000_000L),
                        Map.entry(Level.YELLOW, 10_000_000L),
                        Map.entry(Level.RED, 30_000_000L));
        assertThat(p.thresholds(Category.ORDINARY).asMap())
                .containsExactly(
                        Map.entry(Level.YELLOW, 10_000_000L), Map.entry(Level.RED, 30_000_000L));
        assertThat(p.yearClosesAt(2025)).isEqualTo(ChinaTime.parse("2026-04-01 00:00:00"));
    }

    @Test
    void defaultLevelsPerCategory() {
        Policy p = PolicyLoader.defaultPolicy();
        assertThat(p.levelFor(Category.ASSISTED, 2_999_999L)).isEqualTo(Level.NONE);
        assertThat(p.levelFor(Category.ASSISTED, 3_000_000L)).isEqualTo(Level.BLUE);
        assertThat(p.levelFor(Category.ORDINARY, 3_000_000L)).isEqualTo(Level.NONE);
        assertThat(p.levelFor(Category.ORDINARY, 9_999_999L)).isEqualTo(Level.NONE);
        assertThat(p.levelFor(Category.ORDINARY, 10_000_000L)).isEqualTo(Level.YELLOW);
        assertThat(p.levelFor(Category.ORDINARY, 30_000_000L)).isEqualTo(Level.RED);
    }

    @Test
    void optionalKeysHaveDefaults() {
        Policy p = parse("version: v1\n" + THRESHOLDS);
        assertThat(p.selfPayMeasure()).isEqualTo(SelfPayMeasure.PSN_PART_AMT);
        assertThat(p.lateSettlementBound()).isEqualTo(MonthDay.of(3, 31));
        assertThat(p.effectiveFrom()).isEqualTo(ChinaTime.parse("1970-01-01"));
    }

    @Test
    void ledgerFloorIs10000YuanOrTheLowestThresholdWhenLower() {
        assertThat(PolicyLoader.defaultPolicy().ledgerFloorCents()).isEqualTo(1_000_000L);
        assertThat(parse("version: v1\n" + THRESHOLDS).ledgerFloorCents()).isEqualTo(1_000_000L);
        assertThat(
                        parse(
                                        """
                                        version: v1
                                        thresholds:
                                          ASSISTED: {BLUE: 5000, YELLOW: 100000}
                                          ORDINARY: {YELLOW: 100000}
                                        """)
                                .ledgerFloorCents())
                .isEqualTo(500_000L);
        assertThat(parse("version: v1\nledger_floor: 27000\n" + THRESHOLDS).ledgerFloorCents())
                .isEqualTo(2_700_000L);
        assertThat(parse("version: v1\nledger_floor: 0\n" + THRESHOLDS).ledgerFloorCents())
                .isZero();
    }

    @Test
    void ledgerFloorAboveALevelOrNotAnAmountIsRejected() {
        invalid(
                "version: v1\nledger_floor: 40000\n" + THRESHOLDS,
                "ledger_floor: '40000' is above the lowest threshold of ASSISTED (30000.00 元)");
        invalid(
                "version: v1\nledger_floor: ten\n" + THRESHOLDS,
                "ledger_floor: 'ten' is not an amount in 元");
        invalid("version: v1\nledger_floor: -1\n" + THRESHOLDS, "ledger_floor: '-1' is negative");
    }

    @Test
    void customPolicy() {
        Policy p =
                parse(
                        """
                        version: "2023-naiman"
                        effective_from: "2023-07-01"
                        self_pay: in_policy_only
                        late_settlement_bound: "06-30"
                        thresholds:
                          ASSISTED: {BLUE: 20000.50, YELLOW: 80000, RED: 250000}
                          ORDINARY: {RED: 300000}
                        """);
        assertThat(p.selfPayMeasure()).isEqualTo(SelfPayMeasure.IN_POLICY_ONLY);
        assertThat(p.thresholds(Category.ASSISTED).thresholdOf(Level.BLUE)).isEqualTo(2_000_050L);
        assertThat(p.levelFor(Category.ORDINARY, 29_999_999L)).isEqualTo(Level.NONE);
        assertThat(p.yearClosesAt(2025)).isEqualTo(ChinaTime.parse("2026-07-01 00:00:00"));
    }

    @Test
    void nonIncreasingThresholds() {
        invalid(
                """
                version: v1
                thresholds:
                  ASSISTED: {BLUE: 100000, YELLOW: 100000, RED: 300000}
                  ORDINARY: {YELLOW: 100000, RED: 300000}
                """,
                "thresholds.ASSISTED",
                "YELLOW",
                "100000.00",
                "BLUE");
        invalid(
                """
                version: v1
                thresholds:
                  ASSISTED: {BLUE: 30000, YELLOW: 100000, RED: 300000}
                  ORDINARY: {RED: 100000, YELLOW: 300000}
                """,
                "thresholds.ORDINARY",
                "RED threshold 100000.00",
                "YELLOW threshold 300000.00");
    }

    @Test
    void nonPositiveThreshold() {
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {BLUE: 0, YELLOW: 1, RED: 2}\n"
                        + "  ORDINARY: {RED: 3}\n",
                "thresholds.ASSISTED",
                "BLUE",
                "0.00",
                "not positive");
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {RED: 2}\n  ORDINARY: {RED: -5}\n",
                "thresholds.ORDINARY",
                "-5.00");
    }

    @Test
    void unknownLevel() {
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {GREEN: 1000}\n  ORDINARY: {RED: 3}\n",
                "thresholds.ASSISTED",
                "unknown level 'GREEN'");
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {NONE: 0}\n  ORDINARY: {RED: 3}\n",
                "thresholds.ASSISTED",
                "unknown level 'NONE'");
    }

    @Test
    void unknownCategory() {
        invalid(
                "version: v1\nthresholds:\n  POOR: {RED: 1}\n",
                "thresholds",
                "unknown category 'POOR'");
    }

    @Test
    void missingCategory() {
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {RED: 1}\n",
                "thresholds.ORDINARY",
                "missing");
    }

    @Test
    void badAmount() {
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {RED: 1}\n  ORDINARY: {RED: abc}\n",
                "thresholds.ORDINARY.RED",
                "'abc'",
                "not an amount");
        invalid(
                "version: v1\nthresholds:\n  ASSISTED: {RED: 1}\n  ORDINARY: {RED: 300000.001}\n",
                "thresholds.ORDINARY.RED",
                "'300000.001'");
    }

    @Test
    void unknownKey() {
        invalid("version: v1\nthreshold: {}\n" + THRESHOLDS, "unknown key 'threshold'");
    }

    @Test
    void badLateBound() {
        invalid(
                "version: v1\nlate_settlement_bound: \"02-30\"\n" + THRESHOLDS,
                "late_settlement_bound",
                "'02-30'");
        invalid(
                "version: v1\nlate_settlement_bound: \"3-31\"\n" + THRESHOLDS,
                "late_settlement_bound",
                "'3-31'");
        invalid(
                "version: v1\nlate_settlement_bound: \"13-01\"\n" + THRESHOLDS,
                "late_settlement_bound",
                "'13-01'");
    }

    @Test
    void badSelfPayMeasureAndPeriod() {
        invalid("version: v1\nself_pay: cash_only\n" + THRESHOLDS, "self_pay", "'cash_only'");
        invalid(
                "version: v1\nmeasure: rolling_13_months\n" + THRESHOLDS,
                "measure: 'rolling_13_months' is not one of calendar_year, rolling_12_months");
        assertThat(parse("version: v1\nmeasure: rolling_12_months\n" + THRESHOLDS).measure())
                .isEqualTo(Measure.ROLLING_12_MONTHS);
        assertThat(parse("version: v1\n" + THRESHOLDS).measure()).isEqualTo(Measure.CALENDAR_YEAR);
    }

    @Test
    void badVersionAndEffectiveFrom() {
        invalid(THRESHOLDS, "version", "missing");
        invalid(
                "version: v1\neffective_from: \"2022-13-01\"\n" + THRESHOLDS,
                "effective_from",
                "'2022-13-01'");
    }

    @Test
    void notAMapping() {
        invalid("- a\n- b\n", "expected a mapping");
        invalid("version: [\n", "not valid YAML");
        invalid("version: v1\nthresholds: 5\n", "thresholds", "missing or not a mapping");
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path file = dir.resolve("no-such-policy.yaml");
        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContainingAll(file.toString(), "does not exist");
    }

    @Test
    void loadsFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "version: file-v1\n" + THRESHOLDS);
        assertThat(PolicyLoader.load(good).version()).isEqualTo("file-v1");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: v1\nthresholds:\n  ASSISTED: {RED: 1}\n");
        assertThatThrownBy(() -> PolicyLoader.load(bad))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith(bad.toString() + ": ")
                .hasMessageContaining("thresholds.ORDINARY");
    }

    @Test
    void levelForEdges() {
        Thresholds t =
                new Thresholds(
                        Map.of(
                                Level.BLUE,
                                3_000_000L,
                                Level.YELLOW,
                                10_000_000L,
                                Level.RED,
                                30_000_000L));
        assertThat(t.levelFor(Long.MIN_VALUE)).isEqualTo(Level.NONE);
        assertThat(t.levelFor(-1)).isEqualTo(Level.NONE);
        assertThat(t.levelFor(0)).isEqualTo(Level.NONE);
        assertThat(t.levelFor(2_999_999L)).isEqualTo(Level.NONE);
        assertThat(t.levelFor(3_000_000L)).isEqualTo(Level.BLUE);
        assertThat(t.levelFor(9_999_999L)).isEqualTo(Level.BLUE);
        assertThat(t.levelFor(10_000_000L)).isEqualTo(Level.YELLOW);
        assertThat(t.levelFor(29_999_999L)).isEqualTo(Level.YELLOW);
        assertThat(t.levelFor(30_000_000L)).isEqualTo(Level.RED);
        assertThat(t.levelFor(Long.MAX_VALUE)).isEqualTo(Level.RED);
        assertThat(t.lowest()).isEqualTo(3_000_000L);
        assertThat(t.thresholdOf(Level.NONE)).isNull();
    }

    @Test
    void levelForWithMissingLevels() {
        Thresholds ordinary = new Thresholds(Map.of(Level.YELLOW, 100L, Level.RED, 300L));
        assertThat(ordinary.levelFor(99)).isEqualTo(Level.NONE);
        assertThat(ordinary.levelFor(100)).isEqualTo(Level.YELLOW);
        assertThat(ordinary.thresholdOf(Level.BLUE)).isNull();
        assertThat(ordinary.lowest()).isEqualTo(100L);

        Thresholds redOnly = new Thresholds(Map.of(Level.RED, 500L));
        assertThat(redOnly.levelFor(499)).isEqualTo(Level.NONE);
        assertThat(redOnly.levelFor(500)).isEqualTo(Level.RED);

        Thresholds none = new Thresholds(Map.of());
        assertThat(none.levelFor(Long.MAX_VALUE)).isEqualTo(Level.NONE);
        assertThat(none.lowest()).isNull();
    }

    @Test
    void thresholdsRejectNone() {
        assertThatThrownBy(() -> new Thresholds(Map.of(Level.NONE, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE");
    }

    @Test
    void serviceLevelsDefaultPerLevelAndAreReadFromThePolicy() {
        ServiceLevels defaults = PolicyLoader.defaultPolicy().serviceLevels();
        assertThat(defaults.of(Level.RED))
                .isEqualTo(new ServiceLevels.Deadlines(Duration.ofDays(1), Duration.ofDays(3)));
        assertThat(defaults.of(Level.YELLOW).visit()).isEqualTo(Duration.ofDays(14));
        assertThat(defaults.of(Level.BLUE).acknowledge()).isEqualTo(Duration.ofDays(7));
        assertThat(parse("version: x\n" + THRESHOLDS).serviceLevels().toString())
                .isEqualTo(defaults.toString());

        Policy p =
                parse(
                        "version: x\n"
                                + THRESHOLDS
                                + "service_levels:\n  RED: {acknowledge: 12h, visit: 2d}\n"
                                + "  BLUE: {visit: 60d}\n");
        assertThat(p.serviceLevels().of(Level.RED))
                .isEqualTo(new ServiceLevels.Deadlines(Duration.ofHours(12), Duration.ofDays(2)));
        assertThat(p.serviceLevels().of(Level.BLUE))
                .isEqualTo(new ServiceLevels.Deadlines(Duration.ofDays(7), Duration.ofDays(60)));
        assertThat(p.serviceLevels().of(Level.YELLOW)).isEqualTo(defaults.of(Level.YELLOW));
    }

    @Test
    void invalidServiceLevelsNameTheKeyAndValue() {
        String head = "version: x\n" + THRESHOLDS + "service_levels:\n";
        invalid(head + "  RED: {visit: 3x}\n", "service_levels.RED.visit: '3x' is not a duration");
        invalid(head + "  RED: {visit: 0d}\n", "service_levels.RED.visit: '0d' must be positive");
        invalid(head + "  RED: {ack: 1d}\n", "service_levels.RED: unknown key 'ack'");
        invalid(head + "  PURPLE: {visit: 1d}\n", "service_levels.PURPLE: unknown level 'PURPLE'");
        invalid(head + "  NONE: {visit: 1d}\n", "service_levels.NONE: unknown level 'NONE'");
        invalid(
                head + "  RED: {acknowledge: 5d, visit: 3d}\n",
                "service_levels.RED.visit: 3d is shorter than acknowledge 5d");
        invalid(head + "  RED: 3d\n", "service_levels.RED: expected {acknowledge: …, visit: …}");
        invalid("version: x\n" + THRESHOLDS + "service_levels: 3d\n", "service_levels: expected");
    }
}
