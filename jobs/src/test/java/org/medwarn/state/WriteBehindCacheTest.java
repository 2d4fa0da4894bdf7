package org.medwarn.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link WriteBehindCache}: what reaches the store, and when. */
class WriteBehindCacheTest {
    /** A store that records its calls. */
    private static final class RecordingStore implements WriteBehindCache.Store<String, String> {
        final Map<String, String> stored = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public String load(String key) {
            calls.add("load " + key);
            return stored.get(key);
        }

        @Override
        public void store(String key, String value) {
            calls.add("store " + key + "=" + value);
            if (value == null) {
                stored.remove(key);
            } else {
                stored.put(key, value);
            }
        }
    }

    @Test
    void loadsOnceAndWritesOnlyAtTheFlush() throws Exception {
        RecordingStore store = new RecordingStore();
        store.stored.put("a", "1");
        WriteBehindCache<String, String> cache = new WriteBehindCache<>(store, 10);

        assertThat(cache.get("a")).isEqualTo("1");
        assertThat(cache.get("a")).isEqualTo("1");
        cache.put("a", "2");
        cache.put("a", "3");
        assertThat(cache.get("a")).isEqualTo("3");
        assertThat(store.calls).containsExactly("load a");

        cache.flush();
        cache.flush(); // nothing dirty any more
        assertThat(store.calls).containsExactly("load a", "store a=3");
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.writes()).isEqualTo(1);
    }

    @Test
    void aMissingValueIsCachedAsMissingAndARemovalIsADeleteAtTheFlush() throws Exception {
        RecordingStore store = new RecordingStore();
        store.stored.put("b", "1");
        WriteBehindCache<String, String> cache = new WriteBehindCache<>(store, 10);

        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("a")).isNull();
        cache.get("b");
        cache.put("b", null);
        assertThat(cache.get("b")).isNull();
        cache.flush();

        assertThat(store.calls).containsExactly("load a", "load b", "store b=null");
        assertThat(store.stored).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedLeavesAndIsWrittenBackOnlyWhenChanged() throws Exception {
        RecordingStore store = new RecordingStore();
        WriteBehindCache<String, String> cache = new WriteBehindCache<>(store, 2);

        cache.put("a", "1");
        cache.get("b"); // clean
        cache.get("a"); // a is now the most recently used
        cache.get("c"); // b leaves, unchanged: no write
        assertThat(store.calls).containsExactly("load b", "load c");
        cache.put("d", "4"); // a leaves, changed: written back
        assertThat(store.calls).containsExactly("load b", "load c", "store a=1");
        assertThat(cache.size()).isEqualTo(2);

        assertThat(cache.get("a")).isEqualTo("1"); // loaded again, as written
        cache.flushAndClear();
        assertThat(cache.size()).isZero();
        assertThat(store.stored).containsOnly(Map.entry("a", "1"), Map.entry("d", "4"));
    }

    @Test
    void aCapacityBelowOneIsRejectedNamingIt() {
        assertThatThrownBy(() -> new WriteBehindCache<>(new RecordingStore(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity: 0 is not at least 1");
    }
}
