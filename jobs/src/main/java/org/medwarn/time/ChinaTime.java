package org.medwarn.time;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneOffset;

/**
 * Event time in China time (UTC+8, no daylight saving), the clock of every rule: {@code setl_time}
 * is {@code yyyy-MM-dd HH:mm:ss} China time and "annual" means the calendar year in China time.
 *
 * <p>Parsing is strict and allocation-light because it runs once per settlement.
 */
public final class ChinaTime {
    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long OFFSET_MILLIS = 8 * 3_600_000L;

    private ChinaTime() {}

    /**
     * Parses {@code yyyy-MM-dd HH:mm:ss} (or a bare {@code yyyy-MM-dd}, meaning 00:00:00) in China
     * time to epoch milliseconds.
     *
     * @throws IllegalArgumentException naming the value when it is not such a time
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("time is missing");
        }
        int n = text.length();
        if (n != 19 && n != 10) {
            throw bad(text);
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            throw bad(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = 0;
        int minute = 0;
        int second = 0;
        if (n == 19) {
            if (text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':') {
                throw bad(text);
            }
            hour = digits(text, 11, 13);
            minute = digits(text, 14, 16);
            second = digits(text, 17, 19);
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(OFFSET)
                    * 1000L;
        } catch (java.time.DateTimeException e) {
            throw bad(text);
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(
                "'" + text + "' is not a time of the form yyyy-MM-dd HH:mm:ss (China time)");
    }

    /** Formats epoch milliseconds as {@code yyyy-MM-dd HH:mm:ss} China time. */
    public static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, OFFSET);
        char[] c = new char[19];
        int y = t.getYear();
        if (y < 0 || y > 9999) {
            return String.format(
                    "%04d-%02d-%02d %02d:%02d:%02d",
                    y,
                    t.getMonthValue(),
                    t.getDayOfMonth(),
                    t.getHour(),
                    t.getMinute(),
                    t.getSecond());
        }
        two(c, 0, y / 100);
        two(c, 2, y % 100);
        c[4] = '-';
        two(c, 5, t.getMonthValue());
        c[7] = '-';
        two(c, 8, t.getDayOfMonth());
        c[10] = ' ';
        two(c, 11, t.getHour());
        c[13] = ':';
        two(c, 14, t.getMinute());
        c[16] = ':';
        two(c, 17, t.getSecond());
        return new String(c);
    }

    private static void two(char[] c, int at, int value) {
        c[at] = (char) ('0' + value / 10);
        c[at + 1] = (char) ('0' + value % 10);
    }

    /**
     * Formats epoch milliseconds as ISO-8601 with the offset, {@code 2025-03-01T09:00:00+08:00}.
     */
    public static String formatIso(long epochMillis) {
        return java.time.OffsetDateTime.ofInstant(
                        java.time.Instant.ofEpochMilli(epochMillis), OFFSET)
                .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The China-time date of an instant as {@code yyyy-MM-dd}. */
    public static String formatDate(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis + OFFSET_MILLIS, MILLIS_PER_DAY))
                .toString();
    }

    /** The next China-time midnight strictly after {@code epochMillis}. */
    public static long nextMidnight(long epochMillis) {
        return (Math.floorDiv(epochMillis + OFFSET_MILLIS, MILLIS_PER_DAY) + 1) * MILLIS_PER_DAY
                - OFFSET_MILLIS;
    }

    /** The calendar year (China time) of an instant. */
    public static int yearOf(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis + OFFSET_MILLIS, MILLIS_PER_DAY))
                .getYear();
    }

    /** 00:00 on 1 January of {@code year}, China time, as epoch milliseconds. */
    public static long startOfYear(int year) {
        return LocalDate.of(year, 1, 1).toEpochDay() * MILLIS_PER_DAY - OFFSET_MILLIS;
    }

    /** 00:00 of the day after {@code day} of {@code year}, China time: the end of that day. */
    public static long endOfDay(int year, MonthDay day) {
        return (day.atYear(year).toEpochDay() + 1) * MILLIS_PER_DAY - OFFSET_MILLIS;
    }

    /**
     * The calendar month (China time) of an instant as a month index {@code year * 12 + month - 1}:
     * consecutive months have consecutive indexes across year boundaries.
     */
    public static int monthOf(long epochMillis) {
        LocalDate d =
                LocalDate.ofEpochDay(Math.floorDiv(epochMillis + OFFSET_MILLIS, MILLIS_PER_DAY));
        return d.getYear() * 12 + d.getMonthValue() - 1;
    }

    /** 00:00 on the first day of the month with index {@code month} (see {@link #monthOf}). */
    public static long startOfMonth(int month) {
        return LocalDate.of(Math.floorDiv(month, 12), Math.floorMod(month, 12) + 1, 1).toEpochDay()
                        * MILLIS_PER_DAY
                - OFFSET_MILLIS;
    }

    /** The calendar year of a month index. */
    public static int yearOfMonth(int month) {
        return Math.floorDiv(month, 12);
    }
}
