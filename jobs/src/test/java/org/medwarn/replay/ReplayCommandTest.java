package org.medwarn.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.cli.Args;
import org.medwarn.policy.InvalidPolicyException;

/**
 * The replay CLI over a small fixture that exercises every Rule: thresholds, a duplicate, a
 * reversal and an orphaned reversal, a registry change, a missing registry entry, a settlement
 * beyond the late bound, the year boundary, and malformed lines. The expected files were checked by
 * hand against DOMAIN.md §5 (screenings and feedback: the persons, new marks and instants).
 */
class ReplayCommandTest {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");

    @TempDir Path tmp;

    @Test
    void replayGivesTheExpectedWarningsLedgerAndDeadLetters() throws Exception {
        Path out = replay(2, tmp.resolve("p2"));

        assertGolden(out, "warnings");
        assertGolden(out, "ledger");
        assertThat(deadLetterReasons(out))
                .containsExactlyElementsOf(
                        Files.readAllLines(FIXTURE.resolve("expected-dead-letter-reasons.txt")));
        // Cadences: P001 blue on Sat 1 March is new in the ASSISTED screening of Mon 3 March;
        // P002 red on 10 April is fed back at once and screened on the biweekly 21 April.
        assertGolden(out, "screenings");
        assertGolden(out, "feedback");
    }

    /** {@code out/NAME.jsonl} equals the fixture's {@code expected-NAME.jsonl}, line by line. */
    private static void assertGolden(Path out, String name) throws Exception {
        assertThat(Files.readAllLines(out.resolve(name + ".jsonl")))
                .as(name)
                .containsExactlyElementsOf(
                        Files.readAllLines(FIXTURE.resolve("expected-" + name + ".jsonl")));
    }

    @Test
    void replayIsIdenticalAcrossRunsAndParallelism() throws Exception {
        Path p1 = replay(1, tmp.resolve("p1"));
        Path p2 = replay(2, tmp.resolve("p2"));
        Path again = replay(2, tmp.resolve("p2-again"));
        for (String file :
                List.of(
                        "warnings.jsonl",
                        "ledger.jsonl",
                        "dead-letters.jsonl",
                        "screenings.jsonl",
                        "feedback.jsonl")) {
            assertThat(Files.readAllBytes(again.resolve(file)))
                    .as(file + ", second run")
                    .isEqualTo(Files.readAllBytes(p2.resolve(file)));
            assertThat(Files.readAllBytes(p2.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(p1.resolve(file)));
        }
    }

    @Test
    void missingInputFileIsAClearError() {
        assertThatThrownBy(
                        () ->
                                ReplayCommand.run(
                                        new String[] {
                                            "--settlements",
                                            "no/such.jsonl",
                                            "--out",
                                            tmp.toString()
                                        },
                                        quiet()))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--settlements no/such.jsonl: no such file");
    }

    @Test
    void unreadablePolicyIsAClearError() throws Exception {
        Path policy = tmp.resolve("bad.yaml");
        Files.writeString(
                policy,
                "version: x\nthresholds:\n  ASSISTED: {BLUE: 3, YELLOW: 2}\n  ORDINARY: {RED: 1}\n");
        assertThatThrownBy(
                        () ->
                                ReplayCommand.run(
                                        new String[] {
                                            "--settlements",
                                            FIXTURE.resolve("settlements.jsonl").toString(),
                                            "--policy",
                                            policy.toString(),
                                            "--out",
                                            tmp.toString()
                                        },
                                        quiet()))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("thresholds.ASSISTED")
                .hasMessageContaining("YELLOW threshold 2.00 is not above BLUE threshold 3.00");
    }

    private Path replay(int parallelism, Path out) throws Exception {
        ReplayCommand.run(
                new String[] {
                    "--settlements", FIXTURE.resolve("settlements.jsonl").toString(),
                    "--persons", FIXTURE.resolve("persons.jsonl").toString(),
                    "--out", out.toString(),
                    "--parallelism", String.valueOf(parallelism)
                },
                quiet());
        return out;
    }

    private static List<String> deadLetterReasons(Path out) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> reasons = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("dead-letters.jsonl"))) {
            var node = mapper.readTree(line);
            reasons.add(node.get("offset").asText() + " " + node.get("reason").asText());
        }
        return reasons;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
