package org.medwarn.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The warning queue's filters and page, validated: every bad value is rejected with a message that
 * names the parameter and the value (answered with 400).
 *
 * @param township 9-digit township code, or null for all
 * @param level NONE, BLUE, YELLOW or RED (the level reached), or null for all
 * @param category ASSISTED or ORDINARY, or null for all
 * @param year the warning's year, or null for all
 * @param page 1-based page number
 * @param size rows per page, 1..{@value #MAX_SIZE}
 */
public record QueueFilter(
        String township, String level, String category, Integer year, int page, int size) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;
    private static final Pattern TOWNSHIP = Pattern.compile("\\d{9}");

    /** Reads the filters from query parameters (absent or blank: no filter). */
    public static QueueFilter of(Function<String, String> param) {
        String township = blankToNull(param.apply("township"));
        if (township != null && !TOWNSHIP.matcher(township).matches()) {
            throw new IllegalArgumentException(
                    "township: '" + township + "' is not a 9-digit township code");
        }
        String level = oneOf("level", param.apply("level"), Indices.LEVELS);
        String category = oneOf("category", param.apply("category"), Indices.CATEGORIES);
        String year = blankToNull(param.apply("year"));
        return new QueueFilter(
                township,
                level,
                category,
                year == null ? null : Params.year(year),
                Params.intIn("page", param.apply("page"), 1, 1, 100_000),
                Params.intIn("size", param.apply("size"), DEFAULT_SIZE, 1, MAX_SIZE));
    }

    /** The filters as a map, for echoing them in the answer. */
    Map<String, Object> asMap() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("township", township);
        m.put("level", level);
        m.put("category", category);
        m.put("year", year);
        return m;
    }

    private static String oneOf(String name, String value, List<String> allowed) {
        String v = blankToNull(value);
        if (v != null && !allowed.contains(v)) {
            throw new IllegalArgumentException(
                    name + ": '" + v + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
