package org.medwarn.policy;

/**
 * Over which period self-pay is summed (DOMAIN.md §5: calendar year by default, rolling 12 months
 * as a policy option).
 */
public enum Measure {
    /** {@code calendar_year}: the calendar year of {@code setl_time}, China time (the default). */
    CALENDAR_YEAR("calendar_year"),
    /**
     * {@code rolling_12_months} (黄岩: the previous 12 months): at event time t, the sum of the 12
     * calendar months ending with t's month, China time; exact at month granularity.
     */
    ROLLING_12_MONTHS("rolling_12_months");

    private final String key;

    Measure(String key) {
        this.key = key;
    }

    /** The value in the policy file. */
    public String key() {
        return key;
    }

    /** The measure named {@code key} in a policy file, or null when none is. */
    public static Measure ofKey(String key) {
        for (Measure m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}
