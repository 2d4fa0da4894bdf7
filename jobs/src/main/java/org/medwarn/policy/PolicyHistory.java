package org.medwarn.policy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The policies of a run in order of {@code effective_from} (政策版本历史): which policy is in effect at
 * an event time. Immutable. A policy is in effect from its {@code effective_from} until the next
 * one's; before the first one's the first is in effect (a history always has one policy at least).
 * Adding a policy with the {@code effective_from} of a known one replaces it (a corrected
 * publication).
 */
public final class PolicyHistory implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Policy> policies;

    private PolicyHistory(List<Policy> sorted) {
        this.policies = List.copyOf(sorted);
    }

    /** A history of one policy. */
    public static PolicyHistory of(Policy policy) {
        return new PolicyHistory(List.of(policy));
    }

    /**
     * A history of several policies, e.g. the files of {@code --policy-history}.
     *
     * @throws InvalidPolicyException when two of them have the same {@code effective_from}
     */
    public static PolicyHistory of(List<Policy> policies) {
        if (policies.isEmpty()) {
            throw new InvalidPolicyException("a policy history needs one policy at least");
        }
        List<Policy> sorted = new ArrayList<>(policies);
        sorted.sort(Comparator.comparingLong(Policy::effectiveFrom));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).effectiveFrom() == sorted.get(i - 1).effectiveFrom()) {
                throw new InvalidPolicyException(
                        "policies "
                                + sorted.get(i - 1).version()
                                + " and "
                                + sorted.get(i).version()
                                + " have the same effective_from");
            }
        }
        return new PolicyHistory(sorted);
    }

    /** This history plus {@code policy}, replacing one with the same {@code effective_from}. */
    public PolicyHistory with(Policy policy) {
        List<Policy> next = new ArrayList<>();
        for (Policy p : policies) {
            if (p.effectiveFrom() != policy.effectiveFrom()) {
                next.add(p);
            }
        }
        next.add(policy);
        next.sort(Comparator.comparingLong(Policy::effectiveFrom));
        return new PolicyHistory(next);
    }

    /** The policy in effect at {@code time} (epoch millis). */
    public Policy at(long time) {
        Policy found = policies.get(0);
        for (Policy p : policies) {
            if (p.effectiveFrom() <= time) {
                found = p;
            }
        }
        return found;
    }

    /** The policies, ascending by {@code effective_from}. */
    public List<Policy> policies() {
        return policies;
    }

    /** The policies that replace an earlier one: all but the first. */
    public List<Policy> changes() {
        return policies.subList(1, policies.size());
    }

    /** Whether any policy measures rolling 12 months (monthly buckets must then be kept). */
    public boolean anyRolling() {
        return policies.stream().anyMatch(p -> p.measure() == Measure.ROLLING_12_MONTHS);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Policy p : policies) {
            s.append(s.length() == 0 ? "" : ", ").append(p.version());
        }
        return s.toString();
    }
}
