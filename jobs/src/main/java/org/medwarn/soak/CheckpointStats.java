package org.medwarn.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The checkpoint statistics of a running job, from Flink's REST API ({@code GET
 * /jobs/:jobid/checkpoints}, served by the local cluster's web endpoint too).
 *
 * @param completed checkpoints completed so far
 * @param failed checkpoints failed so far
 * @param latestId id of the latest completed checkpoint, or -1 when none completed yet
 * @param stateSize full state size of the latest completed checkpoint (bytes)
 * @param checkpointedSize bytes that checkpoint uploaded (incremental: only new SST files)
 * @param durationMs its end-to-end duration
 * @param maxDurationMs the longest end-to-end duration of any completed checkpoint so far
 */
public record CheckpointStats(
        long completed,
        long failed,
        long latestId,
        long stateSize,
        long checkpointedSize,
        long durationMs,
        long maxDurationMs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the statistics of job {@code jobId} from the REST endpoint at {@code restUrl}. */
    public static CheckpointStats fetch(String restUrl, String jobId)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(restUrl + "/jobs/" + jobId + "/checkpoints"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET "
                            + restUrl
                            + "/jobs/"
                            + jobId
                            + "/checkpoints: HTTP "
                            + response.statusCode()
                            + " "
                            + response.body());
        }
        return parse(JSON.readTree(response.body()));
    }

    /** The statistics in a {@code /jobs/:jobid/checkpoints} response. */
    public static CheckpointStats parse(JsonNode body) {
        JsonNode latest = body.path("latest").path("completed");
        boolean any = latest.isObject();
        return new CheckpointStats(
                body.path("counts").path("completed").asLong(0),
                body.path("counts").path("failed").asLong(0),
                any ? latest.path("id").asLong(-1) : -1,
                any ? latest.path("state_size").asLong(0) : 0,
                any ? latest.path("checkpointed_size").asLong(0) : 0,
                any ? latest.path("end_to_end_duration").asLong(0) : 0,
                body.path("summary").path("end_to_end_duration").path("max").asLong(0));
    }

    /** {@code #12 48.3 MB (uploaded 1.2 MB, 2.1 s; max 5.0 s; 12 done, 0 failed)}. */
    public String describe() {
        if (latestId < 0) {
            return String.format("none yet (%d failed)", failed);
        }
        return String.format(
                "#%d %s (uploaded %s, %.1f s; max %.1f s; %d done, %d failed)",
                latestId,
                megabytes(stateSize),
                megabytes(checkpointedSize),
                durationMs / 1000.0,
                maxDurationMs / 1000.0,
                completed,
                failed);
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
