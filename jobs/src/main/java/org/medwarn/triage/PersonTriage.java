package org.medwarn.triage;

import java.util.Arrays;

/**
 * The triage state of one person (the value of {@link WarningTriage#STATE}): the cases of the
 * warnings still kept and, per year with a warning or a level, a {@link YearSlot}. Arrays keep it a
 * Flink POJO without generic types; both are short (a few warnings per person and year).
 */
public class PersonTriage {
    public WarningCase[] cases = new WarningCase[0];
    public YearSlot[] years = new YearSlot[0];

    public PersonTriage() {}

    public WarningCase find(String warningId) {
        for (WarningCase c : cases) {
            if (c.warningId.equals(warningId)) {
                return c;
            }
        }
        return null;
    }

    /** The case that already applied {@code actionId}, or null. */
    public WarningCase appliedBy(String actionId) {
        for (WarningCase c : cases) {
            if (c.applied(actionId)) {
                return c;
            }
        }
        return null;
    }

    public void add(WarningCase c) {
        cases = Arrays.copyOf(cases, cases.length + 1);
        cases[cases.length - 1] = c;
    }

    public YearSlot year(int year) {
        for (YearSlot y : years) {
            if (y.year == year) {
                return y;
            }
        }
        return null;
    }

    public YearSlot openYear(int year) {
        YearSlot y = year(year);
        if (y == null) {
            y = new YearSlot();
            y.year = year;
            years = Arrays.copyOf(years, years.length + 1);
            years[years.length - 1] = y;
        }
        return y;
    }

    /**
     * Drops the cases of {@code year} that need no action (see {@link WarningCase#needsAction()}),
     * and the year's slot once none of its cases is left.
     */
    public void closeYear(int year) {
        cases =
                Arrays.stream(cases)
                        .filter(c -> c.year() != year || c.needsAction())
                        .toArray(WarningCase[]::new);
        if (Arrays.stream(cases).noneMatch(c -> c.year() == year)) {
            years = Arrays.stream(years).filter(y -> y.year != year).toArray(YearSlot[]::new);
        }
    }

    public boolean isEmpty() {
        return cases.length == 0 && years.length == 0;
    }
}
