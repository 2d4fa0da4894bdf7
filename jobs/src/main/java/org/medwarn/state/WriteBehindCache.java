package org.medwarn.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A bounded write-behind cache of values by key in front of a slower {@link Store} (a keyed state
 * backend that serializes on every access, such as RocksDB). Reads load from the store once and
 * then hit the cache; writes only mark the cached value dirty; {@link #flush} writes every dirty
 * value back (once per checkpoint), and the least recently used value is written back when it
 * leaves the cache for a new one. A removal is a dirty {@code null}: the store deletes it at the
 * flush.
 *
 * <p>Contract for the caller: the cached values are the caller's own objects and may be changed in
 * place; the store must copy (serialize) what it is given, so that later changes never reach a
 * stored copy behind the cache's back. What the store holds is complete only after {@link #flush}.
 * Not thread-safe: one instance per task, used from its thread. Pure Java, no Flink.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class WriteBehindCache<K, V> {
    /** Where values live: loaded on a miss, written back by {@link #flush} and on eviction. */
    public interface Store<K, V> {
        /** The stored value of {@code key}, or null. */
        V load(K key) throws IOException;

        /**
         * Stores {@code value} (serialized: later changes must not reach it), or deletes on null.
         */
        void store(K key, V value) throws IOException;
    }

    /** A cached value and whether the store has it yet. */
    private static final class Slot<K, V> {
        final K key;
        V value;
        boolean dirty;

        Slot(K key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    private final Store<K, V> store;
    private final int capacity;

    /** In access order: the first slot is the least recently used. */
    private final LinkedHashMap<K, Slot<K, V>> slots;

    /** The slots changed since the last flush (an evicted one is written and no longer dirty). */
    private final ArrayList<Slot<K, V>> dirty = new ArrayList<>();

    private long hits;
    private long misses;
    private long writes;

    /**
     * @param capacity how many values are kept at most (at least 1)
     */
    public WriteBehindCache(Store<K, V> store, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " is not at least 1");
        }
        this.store = store;
        this.capacity = capacity;
        this.slots = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    /** The value of {@code key}: the cached one, or the stored one (then cached). */
    public V get(K key) throws IOException {
        Slot<K, V> slot = slots.get(key);
        if (slot != null) {
            hits++;
            return slot.value;
        }
        misses++;
        V value = store.load(key);
        slots.put(key, new Slot<>(key, value));
        evictBeyondCapacity();
        return value;
    }

    /** Sets the value of {@code key} (null removes it); the store gets it at the next flush. */
    public void put(K key, V value) throws IOException {
        Slot<K, V> slot = slots.get(key);
        if (slot == null) {
            slot = new Slot<>(key, value);
            slots.put(key, slot);
        }
        slot.value = value;
        if (!slot.dirty) {
            slot.dirty = true;
            dirty.add(slot);
        }
        evictBeyondCapacity();
    }

    /** Writes every dirty value to the store; the values stay cached. */
    public void flush() throws IOException {
        for (Slot<K, V> slot : dirty) {
            writeBack(slot);
        }
        dirty.clear();
    }

    /**
     * Writes every dirty value to the store and forgets them all: for whoever reads or changes the
     * store directly next (a scan over all keys).
     */
    public void flushAndClear() throws IOException {
        flush();
        slots.clear();
    }

    /** How many values are cached. */
    public int size() {
        return slots.size();
    }

    /** Reads answered from the cache. */
    public long hits() {
        return hits;
    }

    /** Reads that loaded from the store. */
    public long misses() {
        return misses;
    }

    /** Values written to the store (by flushes and evictions). */
    public long writes() {
        return writes;
    }

    /**
     * Drops the least recently used values beyond the capacity, writing dirty ones back first. The
     * slot just added is the most recently used, so it never goes.
     */
    private void evictBeyondCapacity() throws IOException {
        Iterator<Slot<K, V>> it = slots.values().iterator();
        while (slots.size() > capacity) {
            writeBack(it.next());
            it.remove();
        }
    }

    /** Writes a dirty slot to the store; a clean one stays as it is. */
    private void writeBack(Slot<K, V> slot) throws IOException {
        if (slot.dirty) {
            store.store(slot.key, slot.value);
            slot.dirty = false;
            writes++;
        }
    }
}
