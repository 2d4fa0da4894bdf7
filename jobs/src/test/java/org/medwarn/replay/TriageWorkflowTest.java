package org.medwarn.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;
import org.medwarn.ingest.RawRecord;
import org.medwarn.job.MonitoringWorkflow;
import org.medwarn.job.Sources;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.IndexTemplates;
import org.medwarn.sink.search.SearchDocument;

/**
 * The whole workflow in a local MiniCluster over the replay fixture, with a collecting search sink
 * and a bounded {@code triage} input: the warning and ledger documents come from the triage
 * function (whole, versioned, status NEW with deadlines; the ledger with {@code triage_status}),
 * and actions that are not Avro or name an unknown warning are dead letters.
 */
class TriageWorkflowTest {
    private static final Path FIXTURE = Path.of("src/test/resources/replay/basic");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final ConcurrentLinkedQueue<SearchDocument> COLLECTED = new ConcurrentLinkedQueue<>();

    @TempDir Path tmp;

    /** Collects the documents into {@link #COLLECTED} (one JVM: the local MiniCluster). */
    static final class Collecting implements Sink<SearchDocument> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<SearchDocument> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(SearchDocument d, Context c) {
                    COLLECTED.add(d);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    @Test
    void warningAndLedgerDocumentsComeFromTriageAndBadActionsAreDeadLetters() throws Exception {
        COLLECTED.clear();
        byte[] unknown = avro("P404");
        byte[] notAvro = "{\"action\":\"ACKNOWLEDGE\"}".getBytes(StandardCharsets.UTF_8);
        DataGeneratorSource<RawRecord> triage =
                new DataGeneratorSource<>(
                        i ->
                                new RawRecord(
                                        RawRecord.InputKind.TRIAGE,
                                        RawRecord.Encoding.AVRO,
                                        "triage",
                                        0,
                                        i,
                                        i == 0 ? unknown : notAvro),
                        2,
                        TypeInformation.of(RawRecord.class));
        Sources files =
                ReplayCommand.sources(
                        FIXTURE.resolve("persons.jsonl"), FIXTURE.resolve("settlements.jsonl"));
        Path parts = Files.createDirectories(tmp.resolve("parts"));
        StreamExecutionEnvironment env = ReplayCommand.environment(2, "hashmap");
        MonitoringWorkflow.defineWorkflow(
                env,
                new Sources(
                        files.inputs(),
                        files.watermarks(),
                        null,
                        new Sources.Input("triage", triage, 1)),
                ReplayCommand.sinks(parts)
                        .withSearch(new Collecting(), RegionDirectory.defaultDirectory()),
                PolicyLoader.defaultPolicy());
        env.execute("triage workflow");

        Map<String, SearchDocument> warnings = latest(IndexTemplates.WARNINGS);
        List<String> expected = Files.readAllLines(FIXTURE.resolve("expected-warnings.jsonl"));
        assertThat(warnings).hasSize(expected.size());
        for (SearchDocument d : warnings.values()) {
            assertThat(d.op).isEqualTo(SearchDocument.Op.INDEX);
            assertThat(d.version).isPositive();
        }
        JsonNode red = JSON.readTree(warnings.get("P002-2025-1").source);
        assertThat(red.get("to_level").asText()).isEqualTo("RED");
        assertThat(red.get("ack_due").asText()).isEqualTo("2025-04-11T10:30:00+08:00");
        // the fixture's settlements run into 2026: the deadlines passed without an action
        assertThat(red.get("status").asText()).isEqualTo("NEW");
        assertThat(red.get("overdue").asBoolean()).isTrue();

        Map<String, SearchDocument> ledger = latest(IndexTemplates.LEDGER);
        assertThat(ledger)
                .hasSize(Files.readAllLines(FIXTURE.resolve("expected-ledger.jsonl")).size());
        assertThat(JSON.readTree(ledger.get("P002-2025").source).get("triage_status").asText())
                .isEqualTo("NEW");

        ReplayOutput.merge(parts, "dead-letters", tmp);
        List<String> deadLetters = Files.readAllLines(tmp.resolve("dead-letters.jsonl"));
        assertThat(deadLetters.stream().filter(l -> l.contains("\"source\":\"triage\"")))
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"TRIAGE_UNKNOWN_WARNING\""))
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"NOT_AVRO\""));
    }

    /** The highest version of each document of the index. */
    private static Map<String, SearchDocument> latest(String index) {
        Map<String, SearchDocument> docs = new TreeMap<>();
        for (SearchDocument d : COLLECTED) {
            if (d.index.equals(index)) {
                docs.merge(d.id, d, (a, b) -> a.version >= b.version ? a : b);
            }
        }
        return docs;
    }

    private static byte[] avro(String psn) throws Exception {
        ByteBuffer b =
                TriageAction.newBuilder()
                        .setActionId("A1")
                        .setWarningId(psn + "-2025-1")
                        .setPsnNo(psn)
                        .setYear(2025)
                        .setSequence(1)
                        .setAction(TriageActionType.ACKNOWLEDGE)
                        .setActor("officer")
                        .setActorRole("COUNTY_OFFICER")
                        .setActionTime(Instant.parse("2025-05-01T00:00:00Z"))
                        .build()
                        .toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
