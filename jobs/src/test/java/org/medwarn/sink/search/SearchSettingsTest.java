package org.medwarn.sink.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link SearchSettings#forWarnings()}: the warnings' own sink sends a warning at once. */
class SearchSettingsTest {

    @Test
    void theWarningsSinkWaitsAtMostTheWarningBufferTimeAndKeepsEverythingElse() {
        SearchSettings s =
                SearchSettings.builder("http://127.0.0.1:9200")
                        .batching(500, 3, 9000, Duration.ofSeconds(2))
                        .build();
        SearchSettings w = s.forWarnings();
        assertThat(w.maxBufferTime()).isEqualTo(SearchSettings.WARNING_BUFFER_TIME);
        assertThat(w).usingRecursiveComparison().ignoringFields("maxBufferTime").isEqualTo(s);
    }

    @Test
    void aShorterBufferTimeThanTheWarningsOneIsKept() {
        SearchSettings s =
                SearchSettings.builder("http://127.0.0.1:9200")
                        .batching(50, 2, 1000, Duration.ofMillis(5))
                        .build();
        assertThat(s.forWarnings().maxBufferTime()).isEqualTo(Duration.ofMillis(5));
    }
}
