package org.medwarn.sink.search;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the job writes to the search engine (Elasticsearch 8/9 or OpenSearch; only the
 * plain REST {@code _bulk}, {@code _index_template} and index APIs are used).
 *
 * @param hosts base URLs, e.g. {@code http://127.0.0.1:9200} or {@code https://es1:9200}
 * @param username basic-auth user, or null
 * @param password basic-auth password, or null
 * @param apiKey an API key (the base64 {@code id:key} Elasticsearch returns as {@code encoded}),
 *     sent as {@code Authorization: ApiKey …}; or null
 * @param caCertFile a PEM file with the CA certificate(s) to trust for https, or null for the JVM's
 *     default trust store
 * @param maxBatchSize documents per {@code _bulk} request
 * @param maxInFlightRequests concurrent {@code _bulk} requests per sink subtask
 * @param maxBufferedDocuments documents buffered per subtask before the sink back-pressures the job
 * @param maxBatchBytes bytes per {@code _bulk} request
 * @param maxBufferTime how long a document may wait for a batch to fill
 * @param initialBackoff first delay before a retry (429, 5xx, connection errors)
 * @param maxBackoff cap of the exponential backoff
 */
public record SearchSettings(
        List<String> hosts,
        String username,
        String password,
        String apiKey,
        String caCertFile,
        int maxBatchSize,
        int maxInFlightRequests,
        int maxBufferedDocuments,
        long maxBatchBytes,
        Duration maxBufferTime,
        Duration initialBackoff,
        Duration maxBackoff)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_IN_FLIGHT = 2;
    public static final int DEFAULT_BUFFERED = 20_000;
    public static final long DEFAULT_BATCH_BYTES = 5L * 1024 * 1024;
    public static final Duration DEFAULT_BUFFER_TIME = Duration.ofMillis(1000);

    /** How long a warning document may wait for others before it is sent ({@link #forWarnings}). */
    public static final Duration WARNING_BUFFER_TIME = Duration.ofMillis(100);

    public SearchSettings {
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("search: at least one host URL is needed");
        }
        for (String h : hosts) {
            if (!h.matches("https?://[^/\\s]+/?")) {
                throw new IllegalArgumentException(
                        "search: '" + h + "' is not a URL like http://host:9200");
            }
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException(
                    "search: --search-user and --search-password go together");
        }
        if (apiKey != null && username != null) {
            throw new IllegalArgumentException(
                    "search: use either --search-api-key or --search-user/--search-password");
        }
        positive("batch size", maxBatchSize);
        positive("in-flight requests", maxInFlightRequests);
        if (maxBufferedDocuments <= maxBatchSize) {
            // Flink's AsyncSinkWriter refuses equal values when the job starts
            throw new IllegalArgumentException(
                    "search: buffered documents "
                            + maxBufferedDocuments
                            + " must be more than the batch size "
                            + maxBatchSize);
        }
    }

    private static void positive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("search: " + what + " must be positive: " + value);
        }
    }

    /**
     * These settings for the warning documents' own sink: a warning is sent after at most {@link
     * #WARNING_BUFFER_TIME} instead of waiting up to {@link #maxBufferTime} for a batch to fill
     * (warnings are few: a batch rarely fills). Measured at 2,000 settlements/s: searchable p50
     * 1.3–1.5 s → 0.5–0.6 s; at 10 ms the many small requests lengthened the checkpoints
     * (BENCHMARKS.md, session 11).
     */
    public SearchSettings forWarnings() {
        return new SearchSettings(
                hosts,
                username,
                password,
                apiKey,
                caCertFile,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedDocuments,
                maxBatchBytes,
                maxBufferTime.compareTo(WARNING_BUFFER_TIME) < 0
                        ? maxBufferTime
                        : WARNING_BUFFER_TIME,
                initialBackoff,
                maxBackoff);
    }

    /** Defaults for everything but the hosts (comma-separated URLs). */
    public static SearchSettings of(String hosts) {
        return builder(hosts).build();
    }

    /** A builder with the defaults, for the hosts (comma-separated URLs). */
    public static Builder builder(String hosts) {
        return new Builder(hosts);
    }

    /** Settings other than the defaults; null leaves a setting as it is. */
    public static final class Builder {
        private final List<String> hosts;
        private String username;
        private String password;
        private String apiKey;
        private String caCertFile;
        private int maxBatchSize = DEFAULT_BATCH_SIZE;
        private int maxInFlightRequests = DEFAULT_IN_FLIGHT;
        private int maxBufferedDocuments = DEFAULT_BUFFERED;
        private Duration maxBufferTime = DEFAULT_BUFFER_TIME;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);

        private Builder(String hosts) {
            this.hosts =
                    Arrays.stream(hosts.split(","))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList();
        }

        public Builder basicAuth(String user, String pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        public Builder caCert(String file) {
            this.caCertFile = file;
            return this;
        }

        public Builder batching(int batchSize, int inFlight, int buffered, Duration bufferTime) {
            this.maxBatchSize = batchSize;
            this.maxInFlightRequests = inFlight;
            this.maxBufferedDocuments = buffered;
            this.maxBufferTime = bufferTime;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the bad setting
         */
        public SearchSettings build() {
            return new SearchSettings(
                    hosts,
                    username,
                    password,
                    apiKey,
                    caCertFile,
                    maxBatchSize,
                    maxInFlightRequests,
                    maxBufferedDocuments,
                    DEFAULT_BATCH_BYTES,
                    maxBufferTime,
                    initialBackoff,
                    maxBackoff);
        }
    }

    /** The delay before retry number {@code attempt} (1-based): doubling, capped. */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    @Override
    public String toString() {
        return "SearchSettings[hosts="
                + hosts
                + (username != null ? ", user=" + username : "")
                + (apiKey != null ? ", apiKey=***" : "")
                + (caCertFile != null ? ", ca=" + caCertFile : "")
                + ", batch="
                + maxBatchSize
                + ", inFlight="
                + maxInFlightRequests
                + ", buffered="
                + maxBufferedDocuments
                + ", bufferTime="
                + maxBufferTime.toMillis()
                + "ms]";
    }
}
