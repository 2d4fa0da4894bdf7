package org.medwarn.sink.search;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/**
 * A Flink sink for Elasticsearch 8/9 and OpenSearch over the plain {@code _bulk} REST API, built on
 * {@link AsyncSinkBase}: documents are batched ({@link SearchSettings#maxBatchSize()}, bytes,
 * buffer time), sent with up to {@link SearchSettings#maxInFlightRequests()} concurrent requests,
 * and buffered documents are part of the checkpoint.
 *
 * <p>At-least-once delivery plus deterministic ids and idempotent writes ({@link SearchDocument})
 * give effectively-once documents after a restart. Writes that fail with 429, 5xx or a connection
 * error are retried with capped exponential backoff without failing the job, so the job keeps
 * running while the search engine is down (until {@link SearchSettings#maxBufferedDocuments()} per
 * subtask are waiting; then it back-pressures) and catches up when it returns. Documents rejected
 * for good (see {@link BulkResponseClassifier}) go to {@link SearchDeadLetters}.
 */
public class SearchSink extends AsyncSinkBase<SearchDocument, SearchDocument> {
    private static final long serialVersionUID = 1L;

    private final SearchSettings settings;
    private final SearchDeadLetters deadLetters;

    public SearchSink(SearchSettings settings, SearchDeadLetters deadLetters) {
        super(
                (doc, context) -> doc,
                settings.maxBatchSize(),
                settings.maxInFlightRequests(),
                settings.maxBufferedDocuments(),
                settings.maxBatchBytes(),
                settings.maxBufferTime().toMillis(),
                settings.maxBatchBytes());
        this.settings = settings;
        this.deadLetters = deadLetters;
    }

    @Override
    public StatefulSinkWriter<SearchDocument, BufferedRequestState<SearchDocument>> createWriter(
            WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<SearchDocument, BufferedRequestState<SearchDocument>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<SearchDocument>> state) {
        return new SearchSinkWriter(
                getElementConverter(),
                context,
                settings,
                deadLetters,
                state,
                getMaxBatchSize(),
                getMaxInFlightRequests(),
                getMaxBufferedRequests(),
                getMaxBatchSizeInBytes(),
                getMaxTimeInBufferMS(),
                getMaxRecordSizeInBytes(),
                new CoalescingRequestBuffer());
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<SearchDocument>>
            getWriterStateSerializer() {
        return new StateSerializer();
    }

    /** Buffered documents in a checkpoint, in the layout of {@link SearchDocumentSerializer}. */
    static final class StateSerializer extends AsyncSinkWriterStateSerializer<SearchDocument> {
        @Override
        protected void serializeRequestToStream(SearchDocument d, DataOutputStream out)
                throws IOException {
            SearchDocumentSerializer.INSTANCE.serialize(d, new DataOutputViewStreamWrapper(out));
        }

        @Override
        protected SearchDocument deserializeRequestFromStream(long size, DataInputStream in)
                throws IOException {
            return SearchDocumentSerializer.INSTANCE.deserialize(
                    new DataInputViewStreamWrapper(in));
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }
}
