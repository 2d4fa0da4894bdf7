package org.medwarn.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.PersonRecord;
import org.medwarn.avro.Settlement;
import org.medwarn.broker.EmbeddedKafkaBroker;
import org.medwarn.job.KafkaTestInput;
import org.medwarn.kafka.Topics;

/**
 * The backtest over a time range of the {@code persons} and {@code settlements} topics on the real
 * embedded broker gives the same comparison as the golden file backtest ({@link
 * BacktestCommandTest}) over the same records, and leaves out the settlements outside the range
 * (which would change levels if they counted). One partition, so the records keep the fixture's
 * order and the watermark-dependent rejections (beyond the late bound) come out as in the file
 * replay.
 */
class BacktestFromKafkaIT {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");

    /**
     * Would make P002 red in 2024 and P001 red in July 2026: both outside the range. (Not a date
     * after today: the decoder rejects settlements later than their Kafka timestamp as
     * FUTURE_TIME.)
     */
    private static final String BEFORE =
            "{\"setl_id\":\"X0001\",\"psn_no\":\"P002\",\"setl_time\":\"2024-12-31 23:59:59\","
                    + "\"psn_part_amt\":\"500000.00\",\"insu_admdvs\":\"371525\"}";

    private static final String AFTER =
            "{\"setl_id\":\"X0002\",\"psn_no\":\"P001\",\"setl_time\":\"2026-07-01 00:00:00\","
                    + "\"psn_part_amt\":\"500000.00\",\"insu_admdvs\":\"371525\"}";

    private static EmbeddedKafkaBroker broker;

    @TempDir Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofMinutes(3)).start();
        Topics.createMissing(broker.bootstrapServers(), 1);
        KafkaTestInput.produce(
                broker.bootstrapServers(),
                Topics.PERSONS,
                Files.readAllLines(FIXTURE.resolve("persons.jsonl")),
                PersonRecord::new);
        List<String> settlements = new ArrayList<>();
        settlements.add(BEFORE);
        settlements.addAll(Files.readAllLines(FIXTURE.resolve("settlements.jsonl")));
        settlements.add(AFTER);
        KafkaTestInput.produce(
                broker.bootstrapServers(), Topics.SETTLEMENTS, settlements, Settlement::new);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void backtestsATimeRangeOfTheTopicsAsTheFilesGive() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BacktestCommand.run(
                new String[] {
                    "--kafka",
                    broker.bootstrapServers(),
                    "--from",
                    "2025-01-01",
                    "--to",
                    "2026-06-30",
                    "--policy",
                    "src/main/resources/medwarn/default-policy.yaml",
                    "--policy",
                    "../examples/policy-blue-20000.yaml",
                    "--out",
                    tmp.toString()
                },
                new PrintStream(log, true, StandardCharsets.UTF_8));

        BacktestCommandTest.assertGoldenComparison(tmp);
        assertThat(tmp.resolve("0-default-2022/warnings.jsonl"))
                .hasSameTextualContentAs(FIXTURE.resolve("expected-warnings.jsonl"));
        assertThat(tmp.resolve("0-default-2022/ledger.jsonl"))
                .hasSameTextualContentAs(FIXTURE.resolve("expected-ledger.jsonl"));
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains(
                        "2 settlements outside setl_time 2025-01-01 … 2026-06-30 (China time)"
                                + " read and skipped");
    }
}
