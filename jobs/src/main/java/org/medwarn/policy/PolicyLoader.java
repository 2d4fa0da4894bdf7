package org.medwarn.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.MonthDay;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.cadence.CadencePolicy;
import org.medwarn.time.ChinaTime;
import org.medwarn.triage.ServiceLevels;

/**
 * Reads a {@link Policy} from YAML and validates it. Every error names the key and the bad value,
 * e.g. {@code thresholds.ORDINARY.RED: 'abc' is not an amount in 元}.
 *
 * <pre>
 * version: "2022-guanxian"
 * effective_from: "2022-01-01"
 * self_pay: psn_part_amt          # or in_policy_only
 * measure: calendar_year         # or rolling_12_months
 * late_settlement_bound: "03-31"  # of the following year
 * thresholds:                     # 元, a level is reached at &gt;= its threshold
 *   ASSISTED: {BLUE: 30000, YELLOW: 100000, RED: 300000}
 *   ORDINARY: {YELLOW: 100000, RED: 300000}
 * ledger_floor: 10000             # 元: person-years from here on are in the 台账 (default 10000,
 *                                 # or the lowest threshold when lower)
 * cadences:                       # see CadencePolicy; DOMAIN.md defaults when absent
 *   screening: {ASSISTED: "weekly MON,THU 00:00", ORDINARY: "every 2 weeks MON 00:00 from ..."}
 *   feedback: {BLUE: "monthly 1 00:00", YELLOW: "every 2 weeks MON 00:00 from ...", RED: immediate}
 * service_levels:                 # see ServiceLevels; defaults when absent
 *   RED: {acknowledge: 1d, visit: 3d}
 * </pre>
 */
public final class PolicyLoader {
    /** The classpath resource of the default policy (DOMAIN.md §2, 冠县). */
    public static final String DEFAULT_RESOURCE = "/medwarn/default-policy.yaml";

    /** 台账起点 when a policy file has no {@code ledger_floor:}: 10,000 元. */
    static final long DEFAULT_LEDGER_FLOOR_CENTS = 1_000_000L;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS =
            Set.of(
                    "version",
                    "effective_from",
                    "self_pay",
                    "measure",
                    "late_settlement_bound",
                    "thresholds",
                    "ledger_floor",
                    "cadences",
                    "service_levels");

    private PolicyLoader() {}

    /** The default policy shipped with medwarn. */
    public static Policy defaultPolicy() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(in.readAllBytes(), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and validates a policy file.
     *
     * @throws InvalidPolicyException naming the file and what is wrong
     */
    public static Policy load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidPolicyException("policy file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidPolicyException("policy file " + file + " cannot be read: " + e);
        }
    }

    /** Parses and validates policy YAML; {@code origin} names it in messages. */
    public static Policy parse(byte[] yaml, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new InvalidPolicyException(origin + ": not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException(origin + ": expected a mapping of policy keys");
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(origin + ": " + e.getMessage());
        }
    }

    private static Policy parse(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        String version = text(root, "version", null);
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version: is missing");
        }
        long effectiveFrom = time(text(root, "effective_from", "1970-01-01"), "effective_from");
        SelfPayMeasure measure =
                switch (text(root, "self_pay", "psn_part_amt")) {
                    case "psn_part_amt" -> SelfPayMeasure.PSN_PART_AMT;
                    case "in_policy_only" -> SelfPayMeasure.IN_POLICY_ONLY;
                    default ->
                            throw new IllegalArgumentException(
                                    "self_pay: '"
                                            + text(root, "self_pay", "")
                                            + "' is not one of psn_part_amt, in_policy_only");
                };
        String period = text(root, "measure", Measure.CALENDAR_YEAR.key());
        Measure measureOfPeriod = Measure.ofKey(period);
        if (measureOfPeriod == null) {
            throw new IllegalArgumentException(
                    "measure: '" + period + "' is not one of calendar_year, rolling_12_months");
        }
        MonthDay bound = monthDay(text(root, "late_settlement_bound", "03-31"));
        JsonNode thresholdsNode = root.get("thresholds");
        if (thresholdsNode == null || !thresholdsNode.isObject()) {
            throw new IllegalArgumentException("thresholds: is missing or not a mapping");
        }
        Map<Category, Thresholds> thresholds = new EnumMap<>(Category.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = thresholdsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Category category = category(e.getKey());
            thresholds.put(category, thresholds(category, e.getValue()));
        }
        for (Category c : Category.values()) {
            if (!thresholds.containsKey(c)) {
                throw new IllegalArgumentException("thresholds." + c + ": is missing");
            }
        }
        return new Policy(
                version,
                effectiveFrom,
                thresholds,
                measure,
                bound,
                measureOfPeriod,
                CadencePolicy.parse(root.get("cadences")),
                ServiceLevels.parse(root.get("service_levels")),
                root.has("ledger_floor")
                        ? ledgerFloor(text(root, "ledger_floor", null), thresholds)
                        : defaultLedgerFloor(thresholds));
    }

    /** Without {@code ledger_floor:}: 10,000 元, or the lowest threshold when that is lower. */
    private static long defaultLedgerFloor(Map<Category, Thresholds> thresholds) {
        long floor = DEFAULT_LEDGER_FLOOR_CENTS;
        for (Thresholds t : thresholds.values()) {
            if (t.lowest() != null) {
                floor = Math.min(floor, t.lowest());
            }
        }
        return floor;
    }

    /**
     * {@code ledger_floor:} in cents: an amount from 0 up to the lowest threshold of any category
     * (a floor above a threshold would leave persons at a level out of the ledger).
     */
    private static long ledgerFloor(String value, Map<Category, Thresholds> thresholds) {
        long cents = amount("ledger_floor", value);
        if (cents < 0) {
            throw new IllegalArgumentException("ledger_floor: '" + value + "' is negative");
        }
        for (Map.Entry<Category, Thresholds> e : thresholds.entrySet()) {
            Long lowest = e.getValue().lowest();
            if (lowest != null && cents > lowest) {
                throw new IllegalArgumentException(
                        "ledger_floor: '"
                                + value
                                + "' is above the lowest threshold of "
                                + e.getKey()
                                + " ("
                                + Money.format(lowest)
                                + " 元)");
            }
        }
        return cents;
    }

    /** {@code value} of {@code key} as an amount in 元, in cents (at most 2 decimals). */
    private static long amount(String key, String value) {
        try {
            return Money.toCents(new BigDecimal(value));
        } catch (NumberFormatException | ArithmeticException ex) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an amount in 元");
        }
    }

    private static Thresholds thresholds(Category category, JsonNode node) {
        String key = "thresholds." + category;
        if (!node.isObject()) {
            throw new IllegalArgumentException(key + ": expected a mapping of level to 元");
        }
        Map<Level, Long> cents = new EnumMap<>(Level.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Level level = level(key, e.getKey());
            cents.put(level, amount(key + "." + level, e.getValue().asText()));
        }
        try {
            return new Thresholds(cents);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(key + ": " + ex.getMessage());
        }
    }

    private static Category category(String name) {
        try {
            return Category.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "thresholds: unknown category '" + name + "' (known: ASSISTED, ORDINARY)");
        }
    }

    private static Level level(String key, String name) {
        try {
            Level level = Level.valueOf(name);
            if (level != Level.NONE) {
                return level;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                key + ": unknown level '" + name + "' (known: BLUE, YELLOW, RED)");
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : node.asText();
    }

    private static long time(String value, String key) {
        try {
            return ChinaTime.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static MonthDay monthDay(String value) {
        try {
            return MonthDay.parse("--" + value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "late_settlement_bound: '" + value + "' is not a day of the form MM-dd");
        }
    }
}
