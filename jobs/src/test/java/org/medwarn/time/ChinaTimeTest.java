package org.medwarn.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.MonthDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medwarn.policy.PolicyLoader;

/** China time (UTC+8): strict parsing, formatting, calendar years and the close of a year. */
class ChinaTimeTest {

    private static long utc(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    @Test
    void parseIsUtcPlusEight() {
        assertThat(ChinaTime.parse("2025-03-01 10:00:00")).isEqualTo(utc("2025-03-01T02:00:00Z"));
        assertThat(ChinaTime.parse("2026-01-01 00:00:00")).isEqualTo(utc("2025-12-31T16:00:00Z"));
        assertThat(ChinaTime.parse("1970-01-01 08:00:00")).isZero();
    }

    @Test
    void bareDateIsMidnight() {
        assertThat(ChinaTime.parse("2025-03-01")).isEqualTo(ChinaTime.parse("2025-03-01 00:00:00"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-03-01 10:00:00",
                "2025-12-31 23:59:59",
                "2026-01-01 00:00:00",
                "2024-02-29 12:34:56",
                "1969-12-31 23:59:59",
                "2099-06-15 08:00:01"
            })
    void formatParseRoundTrip(String time) {
        long millis = ChinaTime.parse(time);
        assertThat(ChinaTime.format(millis)).isEqualTo(time);
        assertThat(ChinaTime.format(millis + 999)).as("millis are truncated").isEqualTo(time);
    }

    @Test
    void formatIsChinaTime() {
        assertThat(ChinaTime.format(utc("2025-12-31T23:00:00Z"))).isEqualTo("2026-01-01 07:00:00");
        assertThat(ChinaTime.format(utc("2025-12-31T15:59:59.999Z")))
                .isEqualTo("2025-12-31 23:59:59");
    }

    @Test
    void yearBoundariesAreChinaMidnight() {
        assertThat(ChinaTime.yearOf(ChinaTime.parse("2025-12-31 23:59:59"))).isEqualTo(2025);
        assertThat(ChinaTime.yearOf(ChinaTime.parse("2026-01-01 00:00:00") - 1)).isEqualTo(2025);
        assertThat(ChinaTime.yearOf(ChinaTime.parse("2026-01-01 00:00:00"))).isEqualTo(2026);
        // 07:00 on 1 January China time is still 31 December in UTC
        long morning = ChinaTime.parse("2026-01-01 07:00:00");
        assertThat(Instant.ofEpochMilli(morning).toString()).startsWith("2025-12-31");
        assertThat(ChinaTime.yearOf(morning)).isEqualTo(2026);
        // 16:00 UTC on 31 December is already the next year in China
        assertThat(ChinaTime.yearOf(utc("2025-12-31T16:00:00Z"))).isEqualTo(2026);
        assertThat(ChinaTime.yearOf(utc("2025-12-31T15:59:59.999Z"))).isEqualTo(2025);
        assertThat(ChinaTime.yearOf(utc("1969-12-31T16:00:00Z"))).isEqualTo(1970);
        assertThat(ChinaTime.yearOf(utc("1969-12-31T15:59:59Z"))).isEqualTo(1969);
    }

    @Test
    void startOfYear() {
        assertThat(ChinaTime.startOfYear(2026)).isEqualTo(utc("2025-12-31T16:00:00Z"));
        assertThat(ChinaTime.startOfYear(2026)).isEqualTo(ChinaTime.parse("2026-01-01 00:00:00"));
        assertThat(ChinaTime.startOfYear(1970)).isEqualTo(-8 * 3_600_000L);
    }

    @Test
    void endOfDay() {
        assertThat(ChinaTime.endOfDay(2026, MonthDay.of(3, 31)))
                .isEqualTo(ChinaTime.parse("2026-04-01 00:00:00"));
        assertThat(ChinaTime.endOfDay(2025, MonthDay.of(12, 31)))
                .isEqualTo(ChinaTime.startOfYear(2026));
        // 29 February in a year without it is the 28th
        assertThat(ChinaTime.endOfDay(2025, MonthDay.of(2, 29)))
                .isEqualTo(ChinaTime.parse("2025-03-01 00:00:00"));
        assertThat(ChinaTime.endOfDay(2024, MonthDay.of(2, 29)))
                .isEqualTo(ChinaTime.parse("2024-03-01 00:00:00"));
    }

    @Test
    void yearClosesAtTheEndOf31MarchOfTheNextYear() {
        var policy = PolicyLoader.defaultPolicy();
        assertThat(policy.yearClosesAt(2025)).isEqualTo(ChinaTime.parse("2026-04-01 00:00:00"));
        assertThat(policy.yearClosesAt(2025)).isEqualTo(utc("2026-03-31T16:00:00Z"));
        assertThat(policy.yearClosesAt(2023)).isEqualTo(ChinaTime.parse("2024-04-01 00:00:00"));
        assertThat(ChinaTime.format(policy.yearClosesAt(2025) - 1))
                .isEqualTo("2026-03-31 23:59:59");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "2025-03-01T10:00:00",
                "2025/03/01 10:00:00",
                "2025-3-01 10:00:00",
                "2025-03-01 10:00",
                "2025-03-01 10:00:00.000",
                "2025-03-01 10:00:00Z",
                " 2025-03-01 10:00:00",
                "2025-03-01  10:00:0",
                "2025-03-01 1a:00:00",
                "2025-13-01 10:00:00",
                "2025-00-10 10:00:00",
                "2025-02-29 10:00:00",
                "2025-04-31",
                "2025-03-01 24:00:00",
                "2025-03-01 10:60:00",
                "2025-03-01 10:00:60",
                "+025-03-01",
                "-2025-03-0",
                "２０２５-03-01",
                "20250301"
            })
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> ChinaTime.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text == null ? "missing" : "'" + text + "'");
    }
}
