package org.medwarn.sink.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;

/**
 * The search sink's buffer of documents waiting for a {@code _bulk} request, holding at most one
 * document per index and {@code _id}: a document whose id is already waiting replaces it in place
 * (it keeps the older one's place in the queue) when it is newer, so many updates of one ledger or
 * aggregate document within the time it waits become one write of the newest version.
 *
 * <p>Which one is newer ({@link #newer}): with external versions the higher version (equal: the
 * later one); a create-once write keeps the first (a later one could only be refused as existing);
 * an unversioned replace keeps the later one (such documents are the same on every write). The
 * result in the index is the same as writing both in order: the index keeps the highest version,
 * the first create, the last replace.
 *
 * <p>The more the search engine lags, the longer documents wait and the more they coalesce: under
 * back-pressure the buffer is full ({@link SearchSettings#maxBufferedDocuments()}) and each id in
 * it takes one slot however often it was updated. The buffer is the sink's checkpointed state
 * ({@link #getBufferedState()}, the newest version of each waiting document), so nothing is lost on
 * a restore. Retried documents ({@code prioritize}) go first, unless a newer version of the same
 * document is already waiting: then the retry is dropped, the newer one is written instead.
 *
 * <p>Not thread-safe: used only from the sink writer's mailbox thread, like Flink's deque buffer.
 */
final class CoalescingRequestBuffer implements RequestBuffer<SearchDocument> {
    /** Retried documents, written before {@link #waiting}. */
    private final LinkedHashMap<String, RequestEntryWrapper<SearchDocument>> retries =
            new LinkedHashMap<>();

    private final LinkedHashMap<String, RequestEntryWrapper<SearchDocument>> waiting =
            new LinkedHashMap<>();

    private long totalBytes;
    private long coalesced;

    @Override
    public void add(RequestEntryWrapper<SearchDocument> entry, boolean prioritize) {
        String key = key(entry.getRequestEntry());
        Map<String, RequestEntryWrapper<SearchDocument>> holder =
                retries.containsKey(key) ? retries : waiting.containsKey(key) ? waiting : null;
        if (holder == null) {
            (prioritize ? retries : waiting).put(key, entry);
            totalBytes += entry.getSize();
            return;
        }
        coalesced++;
        RequestEntryWrapper<SearchDocument> old = holder.get(key);
        if (newer(old.getRequestEntry(), entry.getRequestEntry()) == entry.getRequestEntry()) {
            holder.put(key, entry); // same key: keeps its place in the insertion order
            totalBytes += entry.getSize() - old.getSize();
        }
    }

    @Override
    public RequestEntryWrapper<SearchDocument> poll() {
        Map<String, RequestEntryWrapper<SearchDocument>> from =
                !retries.isEmpty() ? retries : waiting;
        Iterator<RequestEntryWrapper<SearchDocument>> it = from.values().iterator();
        if (!it.hasNext()) {
            return null;
        }
        RequestEntryWrapper<SearchDocument> first = it.next();
        it.remove();
        totalBytes -= first.getSize();
        return first;
    }

    @Override
    public RequestEntryWrapper<SearchDocument> peek() {
        Map<String, RequestEntryWrapper<SearchDocument>> from =
                !retries.isEmpty() ? retries : waiting;
        return from.isEmpty() ? null : from.values().iterator().next();
    }

    @Override
    public boolean isEmpty() {
        return retries.isEmpty() && waiting.isEmpty();
    }

    @Override
    public int size() {
        return retries.size() + waiting.size();
    }

    @Override
    public Collection<RequestEntryWrapper<SearchDocument>> getBufferedState() {
        List<RequestEntryWrapper<SearchDocument>> all = new ArrayList<>(size());
        all.addAll(retries.values());
        all.addAll(waiting.values());
        return all;
    }

    @Override
    public long totalSizeInBytes() {
        return totalBytes;
    }

    /** Documents that replaced (or were dropped for) a waiting document of the same id so far. */
    long coalesced() {
        return coalesced;
    }

    /**
     * Which of two writes of the same document the index would keep when both were sent in order.
     */
    static SearchDocument newer(SearchDocument earlier, SearchDocument later) {
        if (earlier.version != null && later.version != null) {
            return later.version >= earlier.version ? later : earlier;
        }
        if (earlier.op == SearchDocument.Op.CREATE && later.op == SearchDocument.Op.CREATE) {
            return earlier;
        }
        return later;
    }

    private static String key(SearchDocument d) {
        return d.index + '\u0000' + d.id;
    }
}
