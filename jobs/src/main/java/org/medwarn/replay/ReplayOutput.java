package org.medwarn.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Merges the part files of {@link JsonLinesPartSink} into one sorted JSON Lines file. */
final class ReplayOutput {
    private ReplayOutput() {}

    /** Writes {@code out/name.jsonl} from {@code parts/name-*.part}, sorted; returns the count. */
    static long merge(Path parts, String name, Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(parts, name + "-*.part")) {
            for (Path part : files) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
        }
        lines.sort(null);
        try (BufferedWriter w =
                Files.newBufferedWriter(out.resolve(name + ".jsonl"), StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line, line.indexOf('\t') + 1, line.length() - line.indexOf('\t') - 1);
                w.write('\n');
            }
        }
        return lines.size();
    }
}
