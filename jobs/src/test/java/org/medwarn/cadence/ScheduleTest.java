package org.medwarn.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medwarn.time.ChinaTime;

/** Calendar rules in China time: year ends, month lengths, leap years, the biweekly anchor. */
class ScheduleTest {
    private static long t(String chinaTime) {
        return ChinaTime.parse(chinaTime);
    }

    /** Every instant in [from, to) as China time text. */
    private static List<String> instants(String rule, String from, String to) {
        Schedule s = Schedule.parse(rule);
        List<String> out = new ArrayList<>();
        for (long i = s.nextAfter(t(from) - 1); i < t(to); i = s.nextAfter(i)) {
            out.add(ChinaTime.format(i));
        }
        return out;
    }

    @Test
    void weeklyMondayAndThursdayAcrossTheYearEnd() {
        // 2025-12-29 is a Monday, 2026-01-01 a Thursday.
        assertThat(instants("weekly MON,THU 00:00", "2025-12-25 00:00:01", "2026-01-09"))
                .containsExactly(
                        "2025-12-29 00:00:00",
                        "2026-01-01 00:00:00",
                        "2026-01-05 00:00:00",
                        "2026-01-08 00:00:00");
    }

    @Test
    void nextAfterIsStrictlyAfter() {
        Schedule s = Schedule.parse("weekly MON,THU 00:00");
        assertThat(ChinaTime.format(s.nextAfter(t("2025-12-29 00:00:00"))))
                .isEqualTo("2026-01-01 00:00:00");
        assertThat(ChinaTime.format(s.nextAfter(t("2025-12-29 00:00:00") - 1)))
                .isEqualTo("2025-12-29 00:00:00");
    }

    @Test
    void instantsAreChinaTimeNotUtc() {
        // Monday 00:00 in China is Sunday 16:00 UTC.
        assertThat(Schedule.parse("weekly MON 00:00").nextAfter(t("2025-01-01 00:00:00")))
                .isEqualTo(java.time.Instant.parse("2025-01-05T16:00:00Z").toEpochMilli());
    }

    @Test
    void twiceAWeekGives104InstantsIn2025And105In2026() {
        // 2025 has 52 Mondays and 52 Thursdays; 2026 starts on a Thursday: 53 Thursdays.
        assertThat(instants("weekly MON,THU 00:00", "2025-01-01", "2026-01-01")).hasSize(104);
        assertThat(instants("weekly MON,THU 00:00", "2026-01-01", "2027-01-01")).hasSize(105);
    }

    @Test
    void biweeklyFollowsItsAnchorAcrossYearsAndBeforeIt() {
        String rule = "every 2 weeks MON 00:00 from 2022-01-03";
        // 2025-01-06 is 157 weeks after the anchor: odd, so the first is 2025-01-13.
        assertThat(instants(rule, "2025-01-01", "2025-02-01"))
                .containsExactly("2025-01-13 00:00:00", "2025-01-27 00:00:00");
        assertThat(instants(rule, "2025-12-14", "2026-01-20"))
                .as("every second Monday across the year end")
                .containsExactly(
                        "2025-12-15 00:00:00", "2025-12-29 00:00:00", "2026-01-12 00:00:00");
        assertThat(instants(rule, "2021-12-01", "2022-01-04"))
                .containsExactly(
                        "2021-12-06 00:00:00", "2021-12-20 00:00:00", "2022-01-03 00:00:00");
        assertThat(instants(rule, "2025-01-01", "2026-01-01")).hasSize(26);
        assertThat(instants("every 2 weeks MON 00:00 from 2022-01-10", "2025-01-01", "2026-01-01"))
                .hasSize(26)
                .startsWith("2025-01-06 00:00:00");
    }

    @Test
    void monthlyOnTheFirstAcrossTheYearEnd() {
        assertThat(instants("monthly 1 00:00", "2025-11-15", "2026-02-15"))
                .containsExactly(
                        "2025-12-01 00:00:00", "2026-01-01 00:00:00", "2026-02-01 00:00:00");
        assertThat(instants("monthly 1 00:00", "2025-01-01", "2026-01-01")).hasSize(12);
    }

    @Test
    void monthlyLateDaysFallOnTheLastDayOfShortMonthsAndLeapYears() {
        assertThat(instants("monthly 31 08:30", "2025-01-01", "2025-05-01"))
                .containsExactly(
                        "2025-01-31 08:30:00",
                        "2025-02-28 08:30:00",
                        "2025-03-31 08:30:00",
                        "2025-04-30 08:30:00");
        assertThat(instants("monthly 30 00:00", "2024-02-01", "2024-04-01"))
                .containsExactly("2024-02-29 00:00:00", "2024-03-30 00:00:00");
        assertThat(instants("monthly 29 00:00", "2100-02-01", "2100-03-02"))
                .as("2100 is not a leap year")
                .containsExactly("2100-02-28 00:00:00");
    }

    @Test
    void weeklyOnLeapDay() {
        // 2028-02-29 is a Tuesday.
        assertThat(instants("weekly TUE 23:59", "2028-02-27", "2028-03-02"))
                .containsExactly("2028-02-29 23:59:00");
    }

    @Test
    void policySpellingRoundTrips() {
        for (String rule :
                List.of(
                        "immediate",
                        "weekly MON,THU 00:00",
                        "every 2 weeks MON 00:00 from 2022-01-03",
                        "monthly 1 00:00")) {
            assertThat(Schedule.parse(rule)).hasToString(rule);
        }
        assertThat(Schedule.parse("weekly THU,MON 00:00")).hasToString("weekly MON,THU 00:00");
    }

    @Test
    void immediateHasNoInstants() {
        assertThat(Schedule.parse("immediate").isImmediate()).isTrue();
        assertThatThrownBy(() -> Schedule.parse("immediate").nextAfter(0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badRulesNameTheValue() {
        assertThatThrownBy(() -> Schedule.parse("weekly FOO 00:00"))
                .hasMessage("'weekly FOO 00:00': 'FOO' is not a day (MON TUE WED THU FRI SAT SUN)");
        assertThatThrownBy(() -> Schedule.parse("weekly MON 25:00"))
                .hasMessage("'weekly MON 25:00': '25:00' is not a time HH:mm");
        assertThatThrownBy(() -> Schedule.parse("every 2 weeks MON 00:00 from 2022-01-04"))
                .hasMessageContaining("anchor 2022-01-04 is a TUE, not MON");
        assertThatThrownBy(() -> Schedule.parse("monthly 32 00:00"))
                .hasMessageContaining("day of month 32 is not between 1 and 31");
        assertThatThrownBy(() -> Schedule.parse("every x weeks MON 00:00 from 2022-01-03"))
                .hasMessageContaining("N 'x' is not a whole number");
        assertThatThrownBy(() -> Schedule.parse("daily"))
                .hasMessageContaining("'daily': expected immediate, weekly");
    }
}
