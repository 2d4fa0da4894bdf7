package org.medwarn.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.medwarn.ingest.RawRecord;

/**
 * Reads JSON Lines files as {@link RawRecord}s whose kind (settlement or registry) is given per
 * file, with the 1-based line number as offset so that a dead letter points at its line. Blank
 * lines are skipped.
 */
public final class JsonLinesFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** Lines read by all readers in this JVM: progress output of the replay CLI only. */
    static final AtomicLong LINES_READ = new AtomicLong();

    private final Map<String, RawRecord.InputKind> kindByPath;
    private final StreamFormatAdapter<String> lines =
            new StreamFormatAdapter<>(new TextLineInputFormat(StandardCharsets.UTF_8.name()));

    /**
     * @param kindByPath input kind of each file, by {@code Path.toString()}
     */
    public JsonLinesFormat(Map<String, RawRecord.InputKind> kindByPath) {
        this.kindByPath = Map.copyOf(kindByPath);
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new TaggingReader(lines.createReader(config, split), split);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new TaggingReader(lines.restoreReader(config, split), split);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private final class TaggingReader implements Reader<RawRecord> {
        private final Reader<String> inner;
        private final RawRecord.InputKind kind;
        private final String source;

        TaggingReader(Reader<String> inner, FileSourceSplit split) {
            this.inner = inner;
            this.kind = kindByPath.get(split.path().toString());
            if (kind == null) {
                throw new IllegalArgumentException("no input kind for " + split.path());
            }
            this.source = split.path().getName();
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<String> batch = inner.readBatch();
            if (batch == null) {
                return null;
            }
            return new RecordIterator<>() {
                @Override
                public RecordAndPosition<RawRecord> next() {
                    RecordAndPosition<String> line;
                    while ((line = batch.next()) != null) {
                        if (!line.getRecord().isBlank()) {
                            LINES_READ.incrementAndGet();
                            RawRecord raw =
                                    new RawRecord(
                                            kind,
                                            RawRecord.Encoding.JSON,
                                            source,
                                            -1,
                                            line.getRecordSkipCount(),
                                            line.getRecord().getBytes(StandardCharsets.UTF_8));
                            return new RecordAndPosition<>(
                                    raw, line.getOffset(), line.getRecordSkipCount());
                        }
                    }
                    return null;
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
