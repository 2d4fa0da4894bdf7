package org.medwarn.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.replay.ReplayCommand;

/**
 * A small generated county replays without dead letters (redeliveries are ignored, reversals find
 * their originals, late settlements arrive within the bound) and the monitor's final ledger has
 * exactly the levels the generator computed from its own amounts: so the generator's calibration
 * counts are what the monitor reports.
 */
class GeneratedCountyReplayTest {
    @TempDir Path tmp;

    @Test
    void generatedCountyReplaysCleanlyToTheExpectedLevels() throws Exception {
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path county = tmp.resolve("county");
        GenerateCommand.run(
                "generate",
                new String[] {
                    "--persons", "2500", "--year", "2022", "--seed", "5", "--out", county.toString()
                },
                quiet);

        ReplayCommand.Summary summary =
                ReplayCommand.run(
                        new String[] {
                            "--settlements", county.resolve("settlements.jsonl").toString(),
                            "--persons", county.resolve("persons.jsonl").toString(),
                            "--out", tmp.resolve("out").toString(),
                            "--parallelism", "1"
                        },
                        quiet);

        assertThat(summary.deadLettersByReason()).isEmpty();
        Map<String, Long> expected =
                new TreeMap<>(
                        new SettlementGenerator(
                                        new PersonGenerator(2500, 5, 2022),
                                        5,
                                        2022,
                                        PolicyLoader.defaultPolicy())
                                .expectedLevels(PolicyLoader.defaultPolicy(), n -> {}));
        expected.remove("ORDINARY/>=30000");
        // The ledger has a row per person-year with a settlement; persons without any have none.
        Map<String, Long> ledger = new TreeMap<>(summary.ledgerByCategoryAndLevel());
        for (String level : ledger.keySet()) {
            if (!level.endsWith("/NONE")) {
                assertThat(ledger.get(level)).as(level).isEqualTo(expected.get(level));
            }
        }
        expected.keySet().removeIf(k -> k.endsWith("/NONE"));
        ledger.keySet().removeIf(k -> k.endsWith("/NONE"));
        assertThat(ledger).isEqualTo(expected);
    }
}
