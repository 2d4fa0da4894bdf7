package org.medwarn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medwarn.time.ChinaTime;

/** Which policy is in effect when, and how a history changes. */
class PolicyHistoryTest {
    private static Policy policy(String version, String effectiveFrom) {
        String yaml =
                "version: "
                        + version
                        + "\neffective_from: \""
                        + effectiveFrom
                        + "\"\nthresholds:\n  ASSISTED: {BLUE: 30000}\n  ORDINARY: {RED: 300000}\n";
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static final Policy A = policy("a", "2022-01-01");
    private static final Policy B = policy("b", "2025-07-01");

    @Test
    void policyInEffectAtATime() {
        PolicyHistory h = PolicyHistory.of(List.of(B, A));
        assertThat(h.policies()).containsExactly(A, B);
        assertThat(h.at(ChinaTime.parse("2020-01-01")).version())
                .as("before all: the first")
                .isEqualTo("a");
        assertThat(h.at(ChinaTime.parse("2025-06-30 23:59:59")).version()).isEqualTo("a");
        assertThat(h.at(ChinaTime.parse("2025-07-01 00:00:00")).version()).isEqualTo("b");
        assertThat(h.changes()).containsExactly(B);
    }

    @Test
    void addingAPolicyWithAKnownEffectiveFromReplacesIt() {
        Policy b2 = policy("b2", "2025-07-01");
        PolicyHistory h = PolicyHistory.of(A).with(B).with(b2);
        assertThat(h.policies()).extracting(Policy::version).containsExactly("a", "b2");
        assertThat(h.toString()).isEqualTo("a, b2");
    }

    @Test
    void twoFilesWithTheSameEffectiveFromAreAClearError() {
        assertThatThrownBy(() -> PolicyHistory.of(List.of(B, policy("b2", "2025-07-01"))))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("policies b and b2 have the same effective_from");
    }
}
