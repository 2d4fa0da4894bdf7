package org.medwarn.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.medwarn.cli.Args;
import org.medwarn.ingest.JsonLines;

/**
 * {@code medwarn sample --persons N --settlements M [--year Y] [--seed S] --out DIR}: writes {@code
 * persons.jsonl} and {@code settlements.jsonl} of a {@link SampleCounty}, for replays.
 */
public final class SampleCommand {
    private SampleCommand() {}

    public static void run(String[] argv, PrintStream out) throws IOException {
        Args args =
                new Args("sample", argv, Set.of("persons", "settlements", "year", "seed", "out"));
        int persons = args.intValue("persons", 10_000);
        long settlements = Long.parseLong(args.get("settlements", "100000"));
        int year = args.intValue("year", 2025);
        SampleCounty county = new SampleCounty(persons, args.intValue("seed", 42));
        Path dir = Path.of(args.required("out"));
        Files.createDirectories(dir);
        long[] n = {0};
        try (BufferedWriter w =
                Files.newBufferedWriter(dir.resolve("persons.jsonl"), StandardCharsets.UTF_8)) {
            county.persons(year, p -> line(w, JsonLines.write(p)));
        }
        try (BufferedWriter w =
                Files.newBufferedWriter(dir.resolve("settlements.jsonl"), StandardCharsets.UTF_8)) {
            county.settlements(
                    year,
                    settlements,
                    s -> {
                        line(w, JsonLines.write(s));
                        if (++n[0] % 200_000 == 0) {
                            out.printf("sample: %,d settlement lines%n", n[0]);
                        }
                    });
        }
        out.printf(
                "sample: %,d persons, %,d settlement lines (with redeliveries and reversals) in %s%n",
                persons, n[0], dir);
    }

    private static void line(BufferedWriter w, String json) {
        try {
            w.write(json);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
