package org.medwarn.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A keyed {@link ValueState} with a {@link WriteBehindCache} in front: the value of the current key
 * is read from the backend once and then from the heap, and written back at {@link #flush} (the
 * operator calls it before every checkpoint barrier, so each checkpoint holds every change) or when
 * the cache evicts it. With RocksDB this replaces a read and a write per event (JNI, serializer) by
 * a hash lookup, for a key seen again before it leaves the cache.
 *
 * <p>Only for a backend that serializes on {@code update} (RocksDB): on the heap backend the stored
 * object is the caller's own, and changing a cached value in place while an asynchronous snapshot
 * still reads it would corrupt the snapshot; the heap needs no cache anyway.
 *
 * <p>Writing back another key than the current one switches the operator's key ({@link KeyContext})
 * and switches it back.
 *
 * @param <V> the value
 */
public final class WriteBehindValueState<V> implements ValueState<V> {
    private final KeyContext keys;
    private final WriteBehindCache<Object, V> cache;

    /**
     * @param state the backend's state of the operator whose keys {@code keys} sets
     * @param capacity how many keys' values the heap keeps at most
     */
    public WriteBehindValueState(ValueState<V> state, KeyContext keys, int capacity) {
        this.keys = keys;
        this.cache =
                new WriteBehindCache<>(
                        new WriteBehindCache.Store<>() {
                            @Override
                            public V load(Object key) throws IOException {
                                // a miss is always for the current key
                                return state.value();
                            }

                            @Override
                            public void store(Object key, V value) throws IOException {
                                Object current = keys.getCurrentKey();
                                keys.setCurrentKey(key);
                                try {
                                    if (value == null) {
                                        state.clear();
                                    } else {
                                        state.update(value);
                                    }
                                } finally {
                                    keys.setCurrentKey(current);
                                }
                            }
                        },
                        capacity);
    }

    @Override
    public V value() throws IOException {
        return cache.get(keys.getCurrentKey());
    }

    @Override
    public void update(V value) throws IOException {
        cache.put(keys.getCurrentKey(), value);
    }

    @Override
    public void clear() {
        try {
            cache.put(keys.getCurrentKey(), null);
        } catch (IOException e) {
            // only an eviction writes here, and only when the cache was full
            throw new UncheckedIOException("cannot write back an evicted value", e);
        }
    }

    /** Writes every changed value to the backend (before a checkpoint barrier). */
    public void flush() throws IOException {
        cache.flush();
    }

    /** Writes every changed value back and empties the cache: before a scan of the backend. */
    public void flushAndClear() throws IOException {
        cache.flushAndClear();
    }

    /** The cache's counts, for metrics and tests. */
    public WriteBehindCache<Object, V> cache() {
        return cache;
    }
}
