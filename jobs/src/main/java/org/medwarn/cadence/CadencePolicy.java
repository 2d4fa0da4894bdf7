package org.medwarn.cadence;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;

/**
 * The cadences of a policy (DOMAIN.md §2, Rule cadences): screening (筛选) per category and feedback
 * (反馈) per level, each a {@link Schedule} in China time. Read from the policy's {@code cadences}
 * node:
 *
 * <pre>
 * cadences:
 *   screening:
 *     ASSISTED: "weekly MON,THU 00:00"                      # 帮扶对象: twice a week
 *     ORDINARY: "every 2 weeks MON 00:00 from 2022-01-03"   # 普通参保群众: every second Monday
 *   feedback:
 *     BLUE: "monthly 1 00:00"                               # 蓝: 1st of each month
 *     YELLOW: "every 2 weeks MON 00:00 from 2022-01-03"     # 黄: every second Monday
 *     RED: immediate                                        # 红: at once (随时)
 * </pre>
 *
 * A missing section or entry takes the DOMAIN.md default ({@link #defaults()}). Screening needs a
 * calendar rule ({@code immediate} is for feedback only). Errors name the key and value, e.g.
 * {@code cadences.screening.ASSISTED: 'weekly FOO 00:00': 'FOO' is not a day (...)}.
 */
public final class CadencePolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** DOMAIN.md's every-second-Monday: anchored on the first Monday of 2022. */
    static final String BIWEEKLY_MONDAY = "every 2 weeks MON 00:00 from 2022-01-03";

    private final EnumMap<Category, Schedule> screening;
    private final EnumMap<Level, Schedule> feedback;

    public CadencePolicy(Map<Category, Schedule> screening, Map<Level, Schedule> feedback) {
        this.screening = new EnumMap<>(Category.class);
        this.screening.putAll(screening);
        this.feedback = new EnumMap<>(Level.class);
        this.feedback.putAll(feedback);
        for (Category c : Category.values()) {
            Schedule s = this.screening.get(c);
            if (s == null || s.isImmediate()) {
                throw new IllegalArgumentException("screening of " + c + " needs a calendar rule");
            }
        }
        for (Level l : Level.values()) {
            if (l != Level.NONE && !this.feedback.containsKey(l)) {
                throw new IllegalArgumentException("feedback of " + l + " is missing");
            }
        }
    }

    /** DOMAIN.md §2: Mon+Thu / every second Monday; blue monthly, yellow biweekly, red at once. */
    public static CadencePolicy defaults() {
        Map<Category, Schedule> screening = new EnumMap<>(Category.class);
        screening.put(Category.ASSISTED, Schedule.parse("weekly MON,THU 00:00"));
        screening.put(Category.ORDINARY, Schedule.parse(BIWEEKLY_MONDAY));
        Map<Level, Schedule> feedback = new EnumMap<>(Level.class);
        feedback.put(Level.BLUE, Schedule.parse("monthly 1 00:00"));
        feedback.put(Level.YELLOW, Schedule.parse(BIWEEKLY_MONDAY));
        feedback.put(Level.RED, Schedule.immediate());
        return new CadencePolicy(screening, feedback);
    }

    /**
     * Reads the {@code cadences} node of a policy (null: all defaults).
     *
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static CadencePolicy parse(JsonNode node) {
        CadencePolicy d = defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "cadences: expected a mapping with screening and feedback");
        }
        Map<Category, Schedule> screening = new EnumMap<>(d.screening);
        Map<Level, Schedule> feedback = new EnumMap<>(d.feedback);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "screening" -> {
                    for (Map.Entry<String, JsonNode> c : entries("screening", e.getValue())) {
                        String key = "cadences.screening." + c.getKey();
                        Category category = category(key, c.getKey());
                        Schedule s = schedule(key, c.getValue());
                        if (s.isImmediate()) {
                            throw new IllegalArgumentException(
                                    key
                                            + ": 'immediate' is for feedback only; screening"
                                            + " needs a calendar rule (weekly, every N weeks,"
                                            + " monthly)");
                        }
                        screening.put(category, s);
                    }
                }
                case "feedback" -> {
                    for (Map.Entry<String, JsonNode> l : entries("feedback", e.getValue())) {
                        String key = "cadences.feedback." + l.getKey();
                        feedback.put(level(key, l.getKey()), schedule(key, l.getValue()));
                    }
                }
                default ->
                        throw new IllegalArgumentException(
                                "cadences: unknown key '"
                                        + e.getKey()
                                        + "' (known: screening, feedback)");
            }
        }
        return new CadencePolicy(screening, feedback);
    }

    private static Iterable<Map.Entry<String, JsonNode>> entries(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "cadences." + key + ": expected a mapping, not '" + node.asText() + "'");
        }
        return node::fields;
    }

    private static Schedule schedule(String key, JsonNode value) {
        try {
            return Schedule.parse(value.isValueNode() ? value.asText() : value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static Category category(String key, String name) {
        try {
            return Category.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + ": unknown category '" + name + "' (known: ASSISTED, ORDINARY)");
        }
    }

    /**
     * The level named {@code name} (BLUE, YELLOW or RED) of policy key {@code key}.
     *
     * @throws IllegalArgumentException naming the key and the unknown level
     */
    public static Level level(String key, String name) {
        if (!name.equals(Level.NONE.name())) {
            try {
                return Level.valueOf(name);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                key + ": unknown level '" + name + "' (known: BLUE, YELLOW, RED)");
    }

    /** When persons of {@code category} are screened. */
    public Schedule screening(Category category) {
        return screening.get(category);
    }

    /** When persons at {@code level} are fed back; {@code immediate} means per warning. */
    public Schedule feedback(Level level) {
        return feedback.get(level);
    }

    @Override
    public String toString() {
        return "cadences screening " + screening + " feedback " + feedback;
    }
}
