package org.medwarn.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;
import org.medwarn.ingest.JsonLines;

/**
 * Writes records of a bounded run as JSON Lines, one part file per subtask, each line prefixed by a
 * sort key and a tab. {@link ReplayOutput} merges the parts in key order, so the output does not
 * depend on parallelism or scheduling.
 */
final class JsonLinesPartSink<T extends SpecificRecordBase> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String name;
    private final SerializableFunction<T, Boolean> keep;
    private final SerializableFunction<T, String> sortKey;

    JsonLinesPartSink(
            Path directory,
            String name,
            SerializableFunction<T, Boolean> keep,
            SerializableFunction<T, String> sortKey) {
        this.directory = directory.toString();
        this.name = name;
        this.keep = keep;
        this.sortKey = sortKey;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path dir = Paths.get(directory);
        Files.createDirectories(dir);
        Path part =
                dir.resolve(name + "-" + context.getTaskInfo().getIndexOfThisSubtask() + ".part");
        BufferedWriter out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context ctx) throws IOException {
                if (keep.apply(record)) {
                    out.write(sortKey.apply(record));
                    out.write('\t');
                    out.write(JsonLines.write(record));
                    out.write('\n');
                }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
