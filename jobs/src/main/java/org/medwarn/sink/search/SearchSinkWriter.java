package org.medwarn.sink.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches as one {@code POST /_bulk} each and sorts the outcome per document with {@link
 * BulkResponseClassifier}: done, retried after a backoff (re-queued through the {@link
 * ResultHandler}, so the job never fails for a search engine that is down or overloaded), or handed
 * to {@link SearchDeadLetters}.
 *
 * <p>Backoff: the first retry waits {@link SearchSettings#initialBackoff()}, each further
 * consecutive failure doubles it up to {@link SearchSettings#maxBackoff()}; any request without a
 * retry resets it. The delay runs on Flink's processing-time service, so the retried documents stay
 * counted as in flight and are part of the next checkpoint.
 *
 * <p>Waiting documents are coalesced by id ({@link CoalescingRequestBuffer}): of many updates of
 * one document before its batch leaves, only the newest is written.
 *
 * <p>Metrics (group {@code medwarn}): {@code searchDocumentsWritten}, {@code searchRetries}
 * (documents re-queued), {@code searchDeadLetters}, {@code searchDocumentsCoalesced} (updates
 * replaced by a newer version of the same document while waiting).
 */
class SearchSinkWriter extends AsyncSinkWriter<SearchDocument, SearchDocument> {
    private static final Logger LOG = LoggerFactory.getLogger(SearchSinkWriter.class);
    private static final ContentType NDJSON =
            ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private final SearchSettings settings;
    private final SearchDeadLetters deadLetters;
    private final RestClient client;
    private final ProcessingTimeService time;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Counter written;
    private final Counter retries;
    private final Counter rejected;

    /** High bits of this run's external versions: see {@link BulkRequests#wireVersion}. */
    private final long runEpoch = BulkRequests.runEpoch(System.currentTimeMillis());

    SearchSinkWriter(
            ElementConverter<SearchDocument, SearchDocument> converter,
            WriterInitContext context,
            SearchSettings settings,
            SearchDeadLetters deadLetters,
            Collection<BufferedRequestState<SearchDocument>> state,
            int maxBatchSize,
            int maxInFlight,
            int maxBuffered,
            long maxBatchBytes,
            long maxTimeInBufferMs,
            long maxRecordBytes,
            CoalescingRequestBuffer buffer) {
        super(
                converter,
                context,
                AsyncSinkWriterConfiguration.builder()
                        .setMaxBatchSize(maxBatchSize)
                        .setMaxBatchSizeInBytes(maxBatchBytes)
                        .setMaxInFlightRequests(maxInFlight)
                        .setMaxBufferedRequests(maxBuffered)
                        .setMaxTimeInBufferMS(maxTimeInBufferMs)
                        .setMaxRecordSizeInBytes(maxRecordBytes)
                        .build(),
                state,
                new SimpleBatchCreator<>(maxBatchBytes),
                buffer);
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.time = context.getProcessingTimeService();
        MetricGroup group = context.metricGroup().addGroup("medwarn");
        this.written = group.counter("searchDocumentsWritten");
        this.retries = group.counter("searchRetries");
        this.rejected = group.counter("searchDeadLetters");
        group.gauge("searchDocumentsCoalesced", buffer::coalesced);
        deadLetters.open();
        this.client = SearchClients.create(settings);
    }

    /**
     * Stamps versioned documents with this run's epoch as they arrive: see {@link
     * BulkRequests#stamped}.
     */
    @Override
    public void write(SearchDocument doc, SinkWriter.Context context)
            throws IOException, InterruptedException {
        super.write(BulkRequests.stamped(doc, runEpoch), context);
    }

    /** The fields of a {@code _bulk} response that {@link BulkResponseClassifier} reads. */
    static final String BULK_RESPONSE_FIELDS = "items.*.status,items.*.error";

    @Override
    protected void submitRequestEntries(
            List<SearchDocument> batch, ResultHandler<SearchDocument> result) {
        Request request = new Request("POST", "/_bulk");
        // only what the classifier reads: the engine does not render, nor the writer parse, each
        // item's index, id, version, shard counts and sequence numbers (1,000 items a request)
        request.addParameter("filter_path", BULK_RESPONSE_FIELDS);
        request.setEntity(BulkRequests.entity(batch, NDJSON));
        client.performRequestAsync(
                request,
                new ResponseListener() {
                    @Override
                    public void onSuccess(Response response) {
                        try {
                            String body = EntityUtils.toString(response.getEntity());
                            onBulkResponse(batch, body, result);
                        } catch (IOException | RuntimeException e) {
                            retry(batch, "unreadable bulk response: " + e, result);
                        }
                    }

                    @Override
                    public void onFailure(Exception e) {
                        if (e instanceof ResponseException re) {
                            int status = re.getResponse().getStatusLine().getStatusCode();
                            String detail =
                                    "bulk request failed with status "
                                            + status
                                            + ": "
                                            + BulkResponseClassifier.abbreviate(re.getMessage());
                            if (BulkResponseClassifier.forRequest(status)
                                    == BulkResponseClassifier.Outcome.RETRY) {
                                retry(batch, detail, result);
                            } else {
                                batch.forEach(d -> reject(d, detail));
                                consecutiveFailures.set(0);
                                result.complete();
                            }
                        } else {
                            retry(batch, "search engine unreachable: " + e, result);
                        }
                    }
                });
    }

    private void onBulkResponse(
            List<SearchDocument> batch, String body, ResultHandler<SearchDocument> result)
            throws IOException {
        List<BulkResponseClassifier.Item> items = BulkResponseClassifier.classify(body, batch);
        List<SearchDocument> again = new ArrayList<>();
        String retryDetail = null;
        int done = 0;
        for (int i = 0; i < batch.size(); i++) {
            BulkResponseClassifier.Item item = items.get(i);
            switch (item.outcome()) {
                case DONE -> done++;
                case RETRY -> {
                    again.add(batch.get(i));
                    retryDetail = item.detail();
                }
                case DEAD_LETTER -> reject(batch.get(i), item.detail());
            }
        }
        written.inc(done);
        if (again.isEmpty()) {
            consecutiveFailures.set(0);
            result.complete();
        } else {
            retry(again, again.size() + " of " + batch.size() + " items: " + retryDetail, result);
        }
    }

    private void reject(SearchDocument doc, String detail) {
        LOG.warn("Search engine rejected {}: {} (sent to dead letters)", doc, detail);
        deadLetters.reject(doc, detail);
        rejected.inc();
    }

    private void retry(
            List<SearchDocument> docs, String detail, ResultHandler<SearchDocument> result) {
        int attempt = consecutiveFailures.incrementAndGet();
        Duration delay = settings.backoff(attempt);
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.warn(
                    "Search write failed ({} consecutive), retrying {} documents in {} ms: {}",
                    attempt,
                    docs.size(),
                    delay.toMillis(),
                    detail);
        }
        retries.inc(docs.size());
        time.registerTimer(
                time.getCurrentProcessingTime() + delay.toMillis(),
                t -> result.retryForEntries(docs));
    }

    @Override
    protected long getSizeInBytes(SearchDocument doc) {
        return doc.sizeInBytes();
    }

    @Override
    public void flush(boolean flush) throws InterruptedException {
        super.flush(flush);
        deadLetters.flush();
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing the search client", e);
            }
            deadLetters.close();
        }
    }
}
