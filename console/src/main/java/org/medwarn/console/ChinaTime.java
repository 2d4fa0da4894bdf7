package org.medwarn.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * China time (UTC+8) for times the search engine computes (aggregations answer in UTC): the same
 * ISO form as the documents' own times, e.g. {@code 2025-06-30T12:00:00+08:00}.
 */
final class ChinaTime {

    static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);

    private ChinaTime() {}

    static String iso(long epochMillis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(epochMillis).atOffset(OFFSET));
    }
}
