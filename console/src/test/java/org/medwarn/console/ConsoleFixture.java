package org.medwarn.console;

import static org.medwarn.console.Json.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small county in the search engine, following the index templates: 60 persons in 3 townships of
 * 冠县, their ledger rows, warnings (mostly NEW; one step down, a few already handled) and the
 * current aggregates computed from the ledger, plus decoys the console must ignore (last year's
 * aggregates, a daily snapshot). Deterministic.
 */
final class ConsoleFixture {

    static final int YEAR = 2025;
    static final String COUNTY = "371525";
    static final String[][] TOWNSHIPS = {
        {"371525001", "清泉街道"}, {"371525101", "贾镇"}, {"371525200", "斜店乡"}
    };
    static final int PERSONS = 60;

    /** Annual self-pay per person, by {@code i % 7}, in 元. */
    private static final long[] YUAN = {500, 35_000, 120_000, 320_000, 80_000, 15_000, 150_000};

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final OffsetDateTime FIRST_MONDAY =
            OffsetDateTime.of(2025, 1, 6, 9, 0, 0, 0, CHINA);

    /** A document to index. */
    record Doc(String index, String id, ObjectNode source) {}

    final List<ObjectNode> ledger = new ArrayList<>();
    final List<ObjectNode> warnings = new ArrayList<>();
    final List<ObjectNode> settlements = new ArrayList<>();
    final List<Doc> docs = new ArrayList<>();

    ConsoleFixture() {
        for (int i = 1; i <= PERSONS; i++) {
            person(i);
        }
        stepDown();
        aggregates();
        for (ObjectNode l : ledger) {
            docs.add(new Doc("medwarn-ledger", l.get("psn_no").asText() + "-" + YEAR, l));
        }
        for (ObjectNode w : warnings) {
            docs.add(new Doc("medwarn-warnings", w.get("warning_id").asText(), w));
        }
    }

    /** How many of the fixture's warnings have this value in this field. */
    long countWarnings(String field, String value) {
        return warnings.stream().filter(w -> w.path(field).asText().equals(value)).count();
    }

    /** The contract's display text of an amount: 2 decimals, no grouping. */
    static String text(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    /** The contract's time text: ISO with seconds and the +08:00 offset. */
    static String iso(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    static String psnNo(int i) {
        return String.format("P%09d", i);
    }

    static String level(String category, long cents) {
        if (cents >= 300_000_00L) {
            return "RED";
        } else if (cents >= 100_000_00L) {
            return "YELLOW";
        } else if (cents >= 30_000_00L && category.equals("ASSISTED")) {
            return "BLUE";
        }
        return "NONE";
    }

    static long threshold(String level) {
        return switch (level) {
            case "RED" -> 300_000_00L;
            case "YELLOW" -> 100_000_00L;
            case "BLUE" -> 30_000_00L;
            default -> 0L;
        };
    }

    private static ObjectNode personFields(int i, String category) {
        String[] t = TOWNSHIPS[(i / 3) % TOWNSHIPS.length];
        return obj(
                "psn_no",
                psnNo(i),
                "psn_name_masked",
                "张*" + (char) ('甲' + i % 10),
                "certno_masked",
                "3715**********" + String.format("%04d", i),
                "category",
                category,
                "identity",
                category.equals("ASSISTED") ? "低保对象" : null,
                "registry_missing",
                false,
                "county_code",
                COUNTY,
                "county_name",
                "冠县",
                "township_code",
                t[0],
                "township_name",
                t[1],
                "village_code",
                t[0] + "001",
                "village_name",
                t[1] + "一村");
    }

    private void person(int i) {
        String category = i % 3 == 0 ? "ASSISTED" : "ORDINARY";
        long cents = YUAN[i % YUAN.length] * 100;
        String level = level(category, cents);
        OffsetDateTime when = FIRST_MONDAY.plusWeeks(i % 10).plusHours(i);
        ObjectNode l = personFields(i, category);
        l.put("year", YEAR);
        l.put("level", level);
        l.put("level_rank", Indices.LEVELS.indexOf(level));
        l.put("annual_self_pay_cents", cents);
        l.put("annual_self_pay_text", text(cents));
        l.put("threshold_cents", threshold(level));
        l.put("settlements_counted", 1 + i % 9);
        if (!level.equals("NONE")) {
            l.put("first_" + level.toLowerCase() + "_time", iso(when));
        }
        l.put("last_setl_time", iso(when));
        l.put("closed", false);
        l.put("policy_version", "default-2022");
        l.put("revision", 1);
        ledger.add(l);
        if (!level.equals("NONE")) {
            warnings.add(
                    warning(
                            i,
                            category,
                            1,
                            "NONE",
                            level,
                            cents,
                            when,
                            i % 8 == 7 ? "DONE" : "NEW"));
        }
    }

    /** An assistance target who went up to YELLOW and back down to BLUE (a reversal). */
    private void stepDown() {
        int i = 99;
        OffsetDateTime up = FIRST_MONDAY.plusWeeks(2);
        ObjectNode l = personFields(i, "ASSISTED");
        l.put("year", YEAR);
        l.put("level", "BLUE");
        l.put("level_rank", 1);
        l.put("annual_self_pay_cents", 60_000_00L);
        l.put("annual_self_pay_text", text(60_000_00L));
        l.put("threshold_cents", threshold("BLUE"));
        l.put("settlements_counted", 3);
        l.put("first_yellow_time", iso(up));
        l.put("last_setl_time", iso(up.plusWeeks(3)));
        l.put("closed", false);
        l.put("policy_version", "default-2022");
        l.put("revision", 2);
        ledger.add(l);
        warnings.add(warning(i, "ASSISTED", 1, "NONE", "YELLOW", 110_000_00L, up, "NEW"));
        settlement(i, 1, up.minusWeeks(1), 20_000_00L, null);
        settlement(i, 2, up, 90_000_00L, null);
        settlement(i, 3, up.plusWeeks(3), -50_000_00L, settlementId(i, 2));
        warnings.add(
                warning(i, "ASSISTED", 2, "YELLOW", "BLUE", 60_000_00L, up.plusWeeks(3), "NEW"));
    }

    static String settlementId(int i, int n) {
        return "S" + YEAR + String.format("%07d%05d", i, n);
    }

    /** A settlement document of person {@code i} (a reversal with {@code reverses}). */
    private void settlement(int i, int n, OffsetDateTime when, long cents, String reverses) {
        ObjectNode s =
                obj(
                        "setl_id",
                        settlementId(i, n),
                        "psn_no",
                        psnNo(i),
                        "year",
                        YEAR,
                        "setl_time",
                        iso(when),
                        "psn_part_amt_cents",
                        cents,
                        "psn_part_amt_text",
                        text(cents),
                        "fulamt_ownpay_amt_cents",
                        0L,
                        "fulamt_ownpay_amt_text",
                        text(0),
                        "reversal",
                        reverses != null,
                        "init_setl_id",
                        reverses,
                        "insu_admdvs",
                        COUNTY);
        settlements.add(s);
        docs.add(new Doc("medwarn-settlements", settlementId(i, n), s));
    }

    private ObjectNode warning(
            int i,
            String category,
            int seq,
            String from,
            String to,
            long cents,
            OffsetDateTime when,
            String status) {
        ObjectNode w = personFields(i, category);
        String id = psnNo(i) + "-" + YEAR + "-" + seq;
        boolean up = Indices.LEVELS.indexOf(to) > Indices.LEVELS.indexOf(from);
        w.put("warning_id", id);
        w.put("year", YEAR);
        w.put("sequence", seq);
        w.put("from_level", from);
        w.put("to_level", to);
        w.put("to_level_rank", Indices.LEVELS.indexOf(to));
        w.put("direction", up ? "UP" : "DOWN");
        w.put("annual_self_pay_cents", cents);
        w.put("annual_self_pay_text", text(cents));
        w.put("threshold_cents", threshold(up ? to : from));
        w.put("trigger", up ? "SETTLEMENT" : "REVERSAL");
        w.put("setl_id", "S" + id);
        w.put("event_time", iso(when));
        w.put("policy_version", "default-2022");
        w.put("status", status);
        return w;
    }

    /** Current aggregates per region level × region × category × level from the ledger. */
    private void aggregates() {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, ObjectNode> keys = new LinkedHashMap<>();
        for (ObjectNode l : ledger) {
            String[][] regions = {
                {"county", COUNTY, "冠县"},
                {"township", l.get("township_code").asText(), l.get("township_name").asText()},
                {"village", l.get("village_code").asText(), l.get("village_name").asText()}
            };
            for (String[] r : regions) {
                String key =
                        r[0]
                                + "|"
                                + r[1]
                                + "|"
                                + l.get("category").asText()
                                + "|"
                                + l.get("level").asText();
                long[] s = sums.computeIfAbsent(key, k -> new long[2]);
                s[0]++;
                s[1] += l.get("annual_self_pay_cents").asLong();
                keys.computeIfAbsent(
                        key,
                        k ->
                                obj(
                                        "doc_type",
                                        "current",
                                        "region_level",
                                        r[0],
                                        "region_code",
                                        r[1],
                                        "region_name",
                                        r[2],
                                        "county_code",
                                        COUNTY,
                                        "category",
                                        l.get("category").asText(),
                                        "level",
                                        l.get("level").asText(),
                                        "level_rank",
                                        l.get("level_rank").asInt(),
                                        "year",
                                        YEAR,
                                        "as_of",
                                        "2025-06-30T12:00:00+08:00"));
            }
        }
        keys.forEach(
                (key, doc) -> {
                    long[] s = sums.get(key);
                    doc.put("persons", s[0]);
                    doc.put("self_pay_cents", s[1]);
                    doc.put("self_pay_text", text(s[1]));
                    docs.add(
                            new Doc(
                                    "medwarn-aggregates",
                                    "current-" + YEAR + "-" + key.replace('|', '-'),
                                    doc));
                });
        // Decoys: last year's current figures and a daily snapshot must not reach the overview.
        docs.add(decoy("current-2024-county-ORDINARY-RED", 2024, 999L, null));
        docs.add(decoy("daily-county-ORDINARY-RED-2025-06-01", YEAR, 777L, "2025-06-01"));
    }

    private static Doc decoy(String id, int year, long persons, String snapshotDate) {
        ObjectNode d =
                obj(
                        "doc_type",
                        snapshotDate == null ? "current" : "daily",
                        "region_level",
                        "county",
                        "region_code",
                        COUNTY,
                        "region_name",
                        "冠县",
                        "category",
                        "ORDINARY",
                        "level",
                        "RED",
                        "level_rank",
                        3,
                        "year",
                        year,
                        "persons",
                        persons,
                        "self_pay_cents",
                        persons * 300_000_00L,
                        "snapshot_date",
                        snapshotDate);
        return new Doc("medwarn-aggregates", id, d);
    }
}
