package org.medwarn.triage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medwarn.avro.Level;
import org.medwarn.cadence.CadencePolicy;

/**
 * Service levels (处置时限) of a policy: per warning level, how long after a warning's event time it
 * must be acknowledged (签收) and visited (入户走访). Read from the policy's {@code service_levels} node;
 * pure (no Flink):
 *
 * <pre>
 * service_levels:                 # durations: Nd (days) or Nh (hours), counted in event time
 *   RED: {acknowledge: 1d, visit: 3d}
 *   YELLOW: {acknowledge: 3d, visit: 14d}
 *   BLUE: {acknowledge: 7d, visit: 30d}
 * </pre>
 *
 * DOMAIN.md gives no deadlines; the defaults follow its feedback cadences (red at once: 1 and 3
 * days as in issue 10; yellow fed back every second week: visited within 14 days; blue monthly:
 * within 30 days). A missing level or key takes its default. Errors name the key and value, e.g.
 * {@code service_levels.RED.visit: '3x' is not a duration like 3d or 12h}.
 */
public final class ServiceLevels implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,4})([dh])");

    /** The deadlines of one level, as durations from the warning's event time. */
    public record Deadlines(Duration acknowledge, Duration visit) implements Serializable {}

    private final EnumMap<Level, Deadlines> byLevel;

    public ServiceLevels(Map<Level, Deadlines> byLevel) {
        this.byLevel = new EnumMap<>(Level.class);
        this.byLevel.putAll(byLevel);
        for (Level l : Level.values()) {
            if (l != Level.NONE && !this.byLevel.containsKey(l)) {
                throw new IllegalArgumentException("service level of " + l + " is missing");
            }
        }
    }

    /** RED 1d/3d, YELLOW 3d/14d, BLUE 7d/30d (see the class comment). */
    public static ServiceLevels defaults() {
        Map<Level, Deadlines> m = new EnumMap<>(Level.class);
        m.put(Level.RED, new Deadlines(Duration.ofDays(1), Duration.ofDays(3)));
        m.put(Level.YELLOW, new Deadlines(Duration.ofDays(3), Duration.ofDays(14)));
        m.put(Level.BLUE, new Deadlines(Duration.ofDays(7), Duration.ofDays(30)));
        return new ServiceLevels(m);
    }

    /**
     * Reads the {@code service_levels} node of a policy (null: all defaults).
     *
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static ServiceLevels parse(JsonNode node) {
        ServiceLevels d = defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "service_levels: expected a mapping of level to {acknowledge, visit}, not '"
                            + node.asText()
                            + "'");
        }
        Map<Level, Deadlines> m = new EnumMap<>(d.byLevel);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "service_levels." + e.getKey();
            Level level = CadencePolicy.level(key, e.getKey());
            m.put(level, deadlines(key, e.getValue(), d.byLevel.get(level)));
        }
        return new ServiceLevels(m);
    }

    private static Deadlines deadlines(String key, JsonNode node, Deadlines fallback) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    key + ": expected {acknowledge: …, visit: …}, not '" + node.asText() + "'");
        }
        Duration ack = fallback.acknowledge();
        Duration visit = fallback.visit();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = key + "." + e.getKey();
            switch (e.getKey()) {
                case "acknowledge" -> ack = duration(k, e.getValue().asText());
                case "visit" -> visit = duration(k, e.getValue().asText());
                default ->
                        throw new IllegalArgumentException(
                                key
                                        + ": unknown key '"
                                        + e.getKey()
                                        + "' (known: acknowledge, visit)");
            }
        }
        if (visit.compareTo(ack) < 0) {
            throw new IllegalArgumentException(
                    key
                            + ".visit: "
                            + text(visit)
                            + " is shorter than acknowledge "
                            + text(ack)
                            + " (a visit also acknowledges)");
        }
        return new Deadlines(ack, visit);
    }

    /** {@code Nd} or {@code Nh}, positive. */
    static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    key + ": '" + value + "' is not a duration like 3d or 12h");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new IllegalArgumentException(key + ": '" + value + "' must be positive");
        }
        return m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
    }

    private static String text(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }

    /** The deadlines of warnings that raise a person to {@code level}. */
    public Deadlines of(Level level) {
        return byLevel.get(level);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("service levels");
        byLevel.forEach(
                (l, d) ->
                        sb.append(' ')
                                .append(l)
                                .append(' ')
                                .append(text(d.acknowledge()))
                                .append('/')
                                .append(text(d.visit())));
        return sb.toString();
    }
}
