package org.medwarn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness wiring on a few hundred records: real broker (child JVM), loading, one contender in
 * its own JVM reporting back, the table. Not a measurement.
 */
class BenchSmokeIT {
    @Test
    void loadsTheTopicRunsAContenderInAChildJvmAndPrintsTheTable(@TempDir Path dir)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        BenchCommand.run(
                BenchCommand.Settings.parse(
                        new String[] {
                            "--persons", "100",
                            "--settlements", "300",
                            "--contenders", "limit",
                            "--parallelism", "1",
                            "--out", dir.resolve("bench").toString()
                        }),
                out);

        String table = Files.readString(dir.resolve("bench/results.md"));
        assertThat(table).contains("| limit p=1 |").contains("settlements/s");
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("limit p=1: 30")
                .contains("records in");
    }
}
