package org.medwarn.console;

/** Parsing of query parameters with errors that name the parameter and the value. */
final class Params {

    static final int MIN_YEAR = 2000;
    static final int MAX_YEAR = 2100;

    private Params() {}

    /** A year {@value #MIN_YEAR}..{@value #MAX_YEAR}. */
    static int year(String value) {
        return intIn("year", value, 0, MIN_YEAR, MAX_YEAR);
    }

    /** An integer in [min, max]; {@code fallback} when absent or blank. */
    static int intIn(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    name + ": " + n + " is not between " + min + " and " + max);
        }
        return n;
    }
}
