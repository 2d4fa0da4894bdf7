package org.medwarn.cadence;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.medwarn.time.ChinaTime;

/**
 * A cadence (频次) as a calendar rule in China time, or {@code immediate}. Immutable, no Flink
 * dependency. The policy spelling is also {@link #toString()}:
 *
 * <ul>
 *   <li>{@code immediate}: at once (随时), per event; there are no calendar instants.
 *   <li>{@code weekly MON,THU 00:00}: every week on the given days at the given time.
 *   <li>{@code every 2 weeks MON 00:00 from 2022-01-03}: every N weeks on one day, counted from an
 *       anchor date (which must be that day); the anchor fixes which weeks, also before it.
 *   <li>{@code monthly 1 00:00}: every month on day D (1 to 31) at the time; in a month shorter
 *       than D, on its last day (monthly 31 is the last day of every month).
 * </ul>
 *
 * <p>Days are {@code MON TUE WED THU FRI SAT SUN}; times are {@code HH:mm}.
 */
public final class Schedule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of schedule. */
    public enum Kind {
        IMMEDIATE,
        WEEKLY,
        EVERY_N_WEEKS,
        MONTHLY
    }

    private static final List<DayOfWeek> DAYS = List.of(DayOfWeek.values());

    private final Kind kind;
    private final EnumSet<DayOfWeek> days;
    private final int weeks;
    private final LocalDate anchor;
    private final int dayOfMonth;
    private final LocalTime time;

    private Schedule(
            Kind kind,
            Set<DayOfWeek> days,
            int weeks,
            LocalDate anchor,
            int dayOfMonth,
            LocalTime time) {
        this.kind = kind;
        this.days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
        this.weeks = weeks;
        this.anchor = anchor;
        this.dayOfMonth = dayOfMonth;
        this.time = time;
    }

    /** At once, per event. */
    public static Schedule immediate() {
        return new Schedule(Kind.IMMEDIATE, Set.of(), 0, null, 0, null);
    }

    /** Every week on {@code days} at {@code time}. */
    public static Schedule weekly(Set<DayOfWeek> days, LocalTime time) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a weekly schedule needs at least one day");
        }
        return new Schedule(Kind.WEEKLY, days, 1, null, 0, time);
    }

    /** Every {@code weeks} weeks on the weekday of {@code anchor} at {@code time}. */
    public static Schedule everyWeeks(int weeks, LocalDate anchor, LocalTime time) {
        if (weeks < 1 || weeks > 52) {
            throw new IllegalArgumentException(
                    "every N weeks needs N between 1 and 52, not " + weeks);
        }
        return new Schedule(
                Kind.EVERY_N_WEEKS, Set.of(anchor.getDayOfWeek()), weeks, anchor, 0, time);
    }

    /** Every month on {@code dayOfMonth} (the last day in shorter months) at {@code time}. */
    public static Schedule monthly(int dayOfMonth, LocalTime time) {
        if (dayOfMonth < 1 || dayOfMonth > 31) {
            throw new IllegalArgumentException(
                    "day of month " + dayOfMonth + " is not between 1 and 31");
        }
        return new Schedule(Kind.MONTHLY, Set.of(), 0, null, dayOfMonth, time);
    }

    /**
     * Parses the policy spelling (see the class comment).
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static Schedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("schedule is missing");
        }
        String[] w = text.trim().split("\\s+");
        try {
            switch (w[0]) {
                case "immediate" -> {
                    expectWords(w, 1, "immediate");
                    return immediate();
                }
                case "weekly" -> {
                    expectWords(w, 3, "weekly DAY[,DAY...] HH:mm");
                    return weekly(days(w[1]), time(w[2]));
                }
                case "every" -> {
                    expectWords(w, 7, "every N weeks DAY HH:mm from yyyy-MM-dd");
                    if ((!w[2].equals("weeks") && !w[2].equals("week")) || !w[5].equals("from")) {
                        throw new IllegalArgumentException(
                                "expected 'every N weeks DAY HH:mm from yyyy-MM-dd'");
                    }
                    int n = number(w[1], "N");
                    Set<DayOfWeek> day = days(w[3]);
                    LocalDate anchor = date(w[6]);
                    if (day.size() != 1 || !day.contains(anchor.getDayOfWeek())) {
                        throw new IllegalArgumentException(
                                "anchor "
                                        + anchor
                                        + " is a "
                                        + dayName(anchor.getDayOfWeek())
                                        + ", not "
                                        + w[3]);
                    }
                    return everyWeeks(n, anchor, time(w[4]));
                }
                case "monthly" -> {
                    expectWords(w, 3, "monthly D HH:mm");
                    return monthly(number(w[1], "day of month"), time(w[2]));
                }
                default ->
                        throw new IllegalArgumentException(
                                "expected immediate, weekly ..., every N weeks ... or monthly"
                                        + " ...");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
    }

    private static void expectWords(String[] words, int n, String form) {
        if (words.length != n) {
            throw new IllegalArgumentException("expected '" + form + "'");
        }
    }

    private static Set<DayOfWeek> days(String list) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : list.split(",")) {
            DayOfWeek day = null;
            for (DayOfWeek candidate : DAYS) {
                if (dayName(candidate).equals(d)) {
                    day = candidate;
                }
            }
            if (day == null) {
                throw new IllegalArgumentException(
                        "'" + d + "' is not a day (MON TUE WED THU FRI SAT SUN)");
            }
            days.add(day);
        }
        return days;
    }

    private static LocalTime time(String text) {
        if (!text.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("'" + text + "' is not a time HH:mm");
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time HH:mm");
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date yyyy-MM-dd");
        }
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a whole number");
        }
    }

    private static String dayName(DayOfWeek day) {
        return day.name().substring(0, 3);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isImmediate() {
        return kind == Kind.IMMEDIATE;
    }

    /**
     * The first instant of this schedule strictly after {@code epochMillis}.
     *
     * @throws IllegalStateException for {@code immediate}, which has no instants
     */
    public long nextAfter(long epochMillis) {
        LocalDateTime after =
                LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ChinaTime.OFFSET);
        LocalDate day = after.toLocalDate();
        // Candidates are on day or later; at most one month (or N weeks) ahead.
        for (int i = 0; i < 400; i++, day = day.plusDays(1)) {
            if (isScheduledDay(day)) {
                long instant = day.atTime(time).toEpochSecond(ChinaTime.OFFSET) * 1000L;
                if (instant > epochMillis) {
                    return instant;
                }
            }
        }
        throw new IllegalStateException(this + " has no instant after " + epochMillis);
    }

    private boolean isScheduledDay(LocalDate day) {
        return switch (kind) {
            case IMMEDIATE -> throw new IllegalStateException("immediate has no calendar instants");
            case WEEKLY -> days.contains(day.getDayOfWeek());
            case EVERY_N_WEEKS ->
                    day.getDayOfWeek() == anchor.getDayOfWeek()
                            && Math.floorMod(ChronoUnit.WEEKS.between(anchor, day), weeks) == 0;
            case MONTHLY ->
                    day.getDayOfMonth()
                            == Math.min(
                                    dayOfMonth,
                                    day.with(TemporalAdjusters.lastDayOfMonth()).getDayOfMonth());
        };
    }

    /** The policy spelling, e.g. {@code weekly MON,THU 00:00}. */
    @Override
    public String toString() {
        return switch (kind) {
            case IMMEDIATE -> "immediate";
            case WEEKLY ->
                    "weekly "
                            + days.stream().map(Schedule::dayName).collect(Collectors.joining(","))
                            + " "
                            + time;
            case EVERY_N_WEEKS ->
                    String.format(
                            Locale.ROOT,
                            "every %d weeks %s %s from %s",
                            weeks,
                            dayName(anchor.getDayOfWeek()),
                            time,
                            anchor);
            case MONTHLY -> "monthly " + dayOfMonth + " " + time;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && s.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
