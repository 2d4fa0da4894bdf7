package org.medwarn.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.policy.InvalidPolicyException;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;

/** The {@code cadences:} section of the policy file: defaults, overrides and errors. */
class CadencePolicyTest {
    private static final String BASE =
            """
            version: "t"
            thresholds:
              ASSISTED: {BLUE: 30000, YELLOW: 100000, RED: 300000}
              ORDINARY: {YELLOW: 100000, RED: 300000}
            """;

    private static Policy parse(String yaml) {
        return PolicyLoader.parse((BASE + yaml).getBytes(StandardCharsets.UTF_8), "test.yaml");
    }

    @Test
    void defaultPolicyHasTheDomainCadences() {
        CadencePolicy c = PolicyLoader.defaultPolicy().cadences();
        assertThat(c.screening(Category.ASSISTED)).hasToString("weekly MON,THU 00:00");
        assertThat(c.screening(Category.ORDINARY))
                .hasToString("every 2 weeks MON 00:00 from 2022-01-03");
        assertThat(c.feedback(Level.BLUE)).hasToString("monthly 1 00:00");
        assertThat(c.feedback(Level.YELLOW)).hasToString("every 2 weeks MON 00:00 from 2022-01-03");
        assertThat(c.feedback(Level.RED).isImmediate()).isTrue();
        assertThat(c).hasToString(CadencePolicy.defaults().toString());
    }

    @Test
    void missingSectionOrEntryTakesTheDefault() {
        assertThat(parse("").cadences()).hasToString(CadencePolicy.defaults().toString());
        CadencePolicy c = parse("cadences:\n  feedback:\n    YELLOW: immediate\n").cadences();
        assertThat(c.feedback(Level.YELLOW).isImmediate()).isTrue();
        assertThat(c.feedback(Level.BLUE)).hasToString("monthly 1 00:00");
        assertThat(c.screening(Category.ASSISTED)).hasToString("weekly MON,THU 00:00");
    }

    @Test
    void errorsNameKeyAndValue() {
        assertThatThrownBy(() -> parse("cadences:\n  screening:\n    ASSISTED: weekly FOO 00:00\n"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage(
                        "test.yaml: cadences.screening.ASSISTED: 'weekly FOO 00:00': 'FOO' is not"
                                + " a day (MON TUE WED THU FRI SAT SUN)");
        assertThatThrownBy(() -> parse("cadences:\n  screening:\n    ORDINARY: immediate\n"))
                .hasMessageContaining("cadences.screening.ORDINARY: 'immediate' is for feedback");
        assertThatThrownBy(() -> parse("cadences:\n  feedback:\n    GREEN: immediate\n"))
                .hasMessageContaining("cadences.feedback.GREEN: unknown level 'GREEN'");
        assertThatThrownBy(() -> parse("cadences:\n  screening:\n    POOR: monthly 1 00:00\n"))
                .hasMessageContaining("cadences.screening.POOR: unknown category 'POOR'");
        assertThatThrownBy(() -> parse("cadences:\n  feedbak: {}\n"))
                .hasMessageContaining("cadences: unknown key 'feedbak'");
        assertThatThrownBy(() -> parse("cadences: weekly\n"))
                .hasMessageContaining("cadences: expected a mapping");
    }
}
