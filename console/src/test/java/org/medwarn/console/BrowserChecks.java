package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser tests share (the console's {@link ConsoleBrowserIT} on fixture documents and the
 * jobs module's browser test on the real local stack): the Chromium check, reading numbers out of a
 * page's DOM, and summing aggregate documents per level.
 */
final class BrowserChecks {

    /** The page has loaded its data ({@code console.js} sets it). */
    static final String LOADED = "document.body.dataset.loaded === 'true'";

    private BrowserChecks() {}

    /** Skips the test without headless Chromium, except under CI where that is a failure. */
    static void requireChromium() {
        if (!Chromium.available()) {
            String message =
                    "headless Chromium not installed at "
                            + Chromium.BINARY
                            + " (apt-get install -y chromium)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
    }

    /** Persons and self-pay (cents) per level, summed from the hits of aggregate documents. */
    static Map<String, long[]> sumByLevel(JsonNode searchResponse) {
        Map<String, long[]> sums = new HashMap<>();
        for (String level : Indices.LEVELS) {
            sums.put(level, new long[2]);
        }
        for (JsonNode hit : searchResponse.at("/hits/hits")) {
            long[] s = sums.get(hit.at("/_source/level").asText());
            s[0] += hit.at("/_source/persons").asLong();
            s[1] += hit.at("/_source/self_pay_cents").asLong();
        }
        return sums;
    }

    /** The text of the element with this id in a dumped DOM. */
    static String byId(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id + " in the page").isTrue();
        return m.group(1).trim();
    }

    /** A number as the pages show it ({@code 1,234 人}). */
    static long number(String text) {
        return Long.parseLong(text.replace(",", "").replace(" 人", "").trim());
    }

    /**
     * Closes each non-null resource in order, all of them even if one fails (the first error is
     * thrown).
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The overview's KPIs equal the county's aggregates: persons per warning level, warned persons
     * (positive) and their self-pay.
     */
    static void assertCountyKpis(String dom, Map<String, long[]> county) {
        long warned = 0;
        long warnedCents = 0;
        for (String level : Indices.WARNING_LEVELS) {
            assertThat(number(byId(dom, "kpi-" + level))).as(level).isEqualTo(county.get(level)[0]);
            warned += county.get(level)[0];
            warnedCents += county.get(level)[1];
        }
        assertThat(warned).as("warned persons").isPositive();
        assertThat(number(byId(dom, "kpi-warned"))).isEqualTo(warned);
        assertThat(byId(dom, "kpi-self-pay")).isEqualTo(Yuan.text(warnedCents));
    }

    /**
     * The overview's row of a township ({@code <tr data-township>} contents) equals its aggregates.
     */
    static void assertTownshipRow(String row, String township, Map<String, long[]> expected) {
        for (String level : Indices.WARNING_LEVELS) {
            Matcher cell = Pattern.compile("data-level=\"" + level + "\">([^<]*)<").matcher(row);
            assertThat(cell.find()).as(township + " " + level + " cell").isTrue();
            assertThat(number(cell.group(1)))
                    .as(township + " " + level)
                    .isEqualTo(expected.get(level)[0]);
        }
    }

    /** How many elements of this {@code data-testid} the DOM holds. */
    static int countTestIds(String dom, String testId) {
        return dom.split("data-testid=\"" + testId + "\"", -1).length - 1;
    }
}
