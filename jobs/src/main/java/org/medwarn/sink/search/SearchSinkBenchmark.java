package org.medwarn.sink.search;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.medwarn.avro.Category;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Level;
import org.medwarn.cli.Args;
import org.medwarn.policy.PolicyHistory;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.region.RegionDirectory;
import org.medwarn.searchnode.EmbeddedSearchNode;

/**
 * Measures the search sink's throughput: N synthetic ledger documents (realistic size) through a
 * local Flink job into the search engine, timed from job start to the last acknowledged bulk, then
 * counted in the index. With {@code --distinct D < N} they are D persons' documents updated N/D
 * times each in turn (revision 1, 2, …, like a hot aggregate group or ledger row), which shows what
 * the sink's coalescing by id saves: it reports the index operations the search engine performed.
 * Not a test: results go to BENCHMARKS.md.
 *
 * <pre>
 * java -cp jobs/target/classes:$(cat jobs/target/launcher.classpath) \
 *     org.medwarn.sink.search.SearchSinkBenchmark [--docs 200000] [--distinct 200000] [--parallelism 2]
 *     [--search http://HOST:9200 (default: an embedded node)] [--batch 1000] [--in-flight 2]
 *     [--node-jvm-option -XX:TieredStopAtLevel=4 (an option of the embedded node's JVM)]
 * </pre>
 */
public final class SearchSinkBenchmark {
    private SearchSinkBenchmark() {}

    public static void main(String[] argv) throws Exception {
        Args a =
                new Args(
                        "search-benchmark",
                        argv,
                        java.util.Set.of(
                                "docs",
                                "distinct",
                                "parallelism",
                                "search",
                                "node-jvm-option",
                                "batch",
                                "in-flight"));
        int docs = a.intValue("docs", 200_000);
        int distinct = a.intValue("distinct", docs);
        int parallelism = a.intValue("parallelism", 2);
        EmbeddedSearchNode node = null;
        String url = a.get("search", null);
        if (url == null) {
            System.out.println("benchmark: starting embedded search node ...");
            EmbeddedSearchNode.Builder b = EmbeddedSearchNode.builder();
            if (a.get("node-jvm-option", null) != null) {
                b.jvmOption(a.get("node-jvm-option", null));
            }
            node = b.start();
            url = node.httpUrl();
        }
        try {
            SearchSettings settings =
                    SearchSettings.builder(url)
                            .batching(
                                    a.intValue("batch", SearchSettings.DEFAULT_BATCH_SIZE),
                                    a.intValue("in-flight", SearchSettings.DEFAULT_IN_FLIGHT),
                                    SearchSettings.DEFAULT_BUFFERED,
                                    SearchSettings.DEFAULT_BUFFER_TIME)
                            .build();
            try (RestClient client = SearchClients.create(settings)) {
                client.performRequest(new Request("DELETE", "/" + IndexTemplates.LEDGER));
            } catch (org.elasticsearch.client.ResponseException e) {
                // not there yet
            }
            IndexTemplates.install(settings);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            SearchDocuments documents =
                    new SearchDocuments(
                            RegionDirectory.defaultDirectory(),
                            PolicyHistory.of(PolicyLoader.defaultPolicy()));
            env.fromSequence(1, docs)
                    .map(new SyntheticLedger(documents, distinct))
                    .sinkTo(new SearchSink(settings, new LoggingDeadLetters()));
            System.out.printf(
                    "benchmark: %,d ledger documents of %,d persons, parallelism %d, %s%n",
                    docs, distinct, parallelism, settings);
            long indexedBefore = indexOperations(settings);
            long start = System.nanoTime();
            env.execute("search sink benchmark");
            double seconds = (System.nanoTime() - start) / 1e9;
            long counted;
            try (RestClient client = SearchClients.create(settings)) {
                client.performRequest(
                        new Request("POST", "/" + IndexTemplates.LEDGER + "/_refresh"));
                counted = SearchClients.count(client, IndexTemplates.LEDGER);
            }
            long written = indexOperations(settings) - indexedBefore;
            System.out.printf(
                    "benchmark: %,d documents in %.1f s = %,.0f documents/s (job incl. start);"
                            + " index holds %,d; %,d index operations (%,.0f/s)%n",
                    docs, seconds, docs / seconds, counted, written, written / seconds);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    /** The search engine's count of index operations on the ledger index so far. */
    private static long indexOperations(SearchSettings settings) throws java.io.IOException {
        try (RestClient client = SearchClients.create(settings)) {
            String body =
                    EntityUtils.toString(
                            client.performRequest(
                                            new Request(
                                                    "GET",
                                                    "/"
                                                            + IndexTemplates.LEDGER
                                                            + "/_stats/indexing"))
                                    .getEntity());
            return SearchDocuments.JSON
                    .readTree(body)
                    .path("_all")
                    .path("primaries")
                    .path("indexing")
                    .path("index_total")
                    .asLong();
        }
    }

    /**
     * Document n (1-based): person {@code (n-1) % distinct + 1} at revision {@code (n-1) / distinct
     * + 1}, a realistic row with regions, times and masked data.
     */
    static final class SyntheticLedger implements MapFunction<Long, SearchDocument> {
        private static final long serialVersionUID = 1L;
        private final SearchDocuments documents;
        private final int distinct;

        SyntheticLedger(SearchDocuments documents, int distinct) {
            this.documents = documents;
            this.distinct = distinct;
        }

        @Override
        public SearchDocument map(Long n) {
            long i = (n - 1) % distinct + 1;
            long revision = (n - 1) / distinct + 1;
            LedgerEntry l = new LedgerEntry();
            l.setPsnNo(String.format("P%09d", i));
            l.setYear(2025);
            l.setCategory(i % 10 == 0 ? Category.ASSISTED : Category.ORDINARY);
            l.setLevel(Level.values()[(int) (i % 4)]);
            l.setAnnualSelfPay(BigDecimal.valueOf(i * 137 % 40_000_000, 2));
            l.setSettlementsCounted((int) (i % 30));
            l.setCountyCode("371525");
            l.setTownshipCode("371525101");
            l.setVillageCode(String.format("371525101%03d", i % 200));
            l.setLastSetlTime(Instant.ofEpochMilli(1_740_000_000_000L + i * 1000));
            l.setFirstBlueTime(Instant.ofEpochMilli(1_740_000_000_000L));
            l.setPolicyVersion("default-2022");
            l.setPsnNameMasked("张*");
            l.setCertnoMasked("3715**********1234");
            l.setRevision(revision);
            return documents.ledger(l);
        }
    }

    /** Prints rejections (there should be none). */
    static final class LoggingDeadLetters implements SearchDeadLetters {
        @Override
        public void open() {}

        @Override
        public void reject(SearchDocument doc, String detail) {
            System.err.println("benchmark: rejected " + doc + ": " + detail);
        }
    }
}
