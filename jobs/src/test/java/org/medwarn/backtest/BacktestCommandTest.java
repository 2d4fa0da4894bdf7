package org.medwarn.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.cli.Args;

/**
 * Golden test: the default policy against {@code examples/policy-blue-20000.yaml} over the replay
 * fixture. P001 (assisted, 25,000 元 after a reversal) enters BLUE under the lower threshold;
 * nothing else changes. The expected files were checked by hand against the fixture.
 */
class BacktestCommandTest {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");
    private static final Path EXPECTED = Path.of("src/test/resources/backtest/basic");

    @TempDir Path tmp;

    @Test
    void comparesTwoPoliciesOverTheSameInput() throws Exception {
        String summary =
                BacktestCommand.run(
                        new String[] {
                            "--settlements",
                            FIXTURE.resolve("settlements.jsonl").toString(),
                            "--persons",
                            FIXTURE.resolve("persons.jsonl").toString(),
                            "--policy",
                            "src/main/resources/medwarn/default-policy.yaml",
                            "--policy",
                            "../examples/policy-blue-20000.yaml",
                            "--out",
                            tmp.toString(),
                            "--parallelism",
                            "2"
                        },
                        quiet());

        assertThat(summary.replaceAll("2 policies, [0-9.]+ s", "2 policies, <time>"))
                .isEqualTo(Files.readString(EXPECTED.resolve("expected-summary.md")));
        assertThat(Files.readString(tmp.resolve("summary.md"))).isEqualTo(summary);
        assertGoldenComparison(tmp);
        BufferedImage png = ImageIO.read(tmp.resolve("totals.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1100);
        assertThat(png.getHeight()).isEqualTo(600);
        assertThat(tmp.resolve("0-default-2022/warnings.jsonl"))
                .as("each policy's replay output")
                .hasSameTextualContentAs(FIXTURE.resolve("expected-warnings.jsonl"));
        assertThat(Files.readString(tmp.resolve("1-blue-20000/warnings.jsonl")))
                .contains("\"policy_version\":\"blue-20000\"");
    }

    /** The level tables and changes of the golden backtest are in {@code out}. */
    static void assertGoldenComparison(Path out) throws java.io.IOException {
        for (String file :
                new String[] {
                    "changes-0-vs-1.csv", "levels-0-default-2022.csv", "levels-1-blue-20000.csv"
                }) {
            assertThat(Files.readAllLines(out.resolve(file)))
                    .as(file)
                    .containsExactlyElementsOf(Files.readAllLines(EXPECTED.resolve(file)));
        }
    }

    @Test
    void needsTwoPolicies() {
        assertThatThrownBy(
                        () ->
                                BacktestCommand.run(
                                        new String[] {
                                            "--settlements",
                                            FIXTURE.resolve("settlements.jsonl").toString(),
                                            "--policy",
                                            "src/main/resources/medwarn/default-policy.yaml",
                                            "--out",
                                            tmp.toString()
                                        },
                                        quiet()))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("two --policy files at least");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
