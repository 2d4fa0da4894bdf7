package org.medwarn.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access audit (访问审计): every login, person-page access and triage action, appended as one JSON
 * line to {@value #FILE_NAME} in the console's data directory (opened in append mode, never
 * truncated or rotated by the console) and, when Kafka is configured, to topic {@code access-audit}
 * keyed by user name. Each entry: {@code time} (China time), {@code user}, {@code role}, {@code
 * township_code} (the user's), {@code event} ({@code LOGIN}, {@code LOGIN_FAILED}, {@code LOGOUT},
 * {@code PERSON_VIEW}, {@code TRIAGE_ACTION}), {@code result} (HTTP status) and the event's fields
 * ({@code psn_no}, {@code warning_id}, {@code action_id}, {@code action}).
 *
 * <p>The file is the record of truth: a Kafka failure is logged and does not lose the entry; a file
 * failure fails the request (no unaudited access).
 */
final class AuditLog {

    static final String FILE_NAME = "access-audit.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final ConsoleKafka kafka;

    /**
     * @param dataDir the console's data directory (created if missing)
     * @param kafka null without Kafka
     */
    AuditLog(Path dataDir, ConsoleKafka kafka) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("--data-dir: cannot create " + dataDir, e);
        }
        this.file = dataDir.resolve(FILE_NAME);
        this.kafka = kafka;
    }

    Path file() {
        return file;
    }

    /** A new entry for {@code user} (null: not logged in, e.g. a failed login). */
    static ObjectNode entry(String event, ConsoleUser user) {
        ObjectNode e = Json.obj("time", ChinaTime.iso(System.currentTimeMillis()), "event", event);
        if (user != null) {
            e.put("user", user.name());
            e.put("role", user.role().name());
            e.put("township_code", user.townshipCode());
        }
        return e;
    }

    /** Appends the entry (file, then Kafka). */
    void append(ObjectNode entry) {
        String line = entry.toString();
        synchronized (this) {
            try {
                Files.writeString(
                        file,
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the audit log " + file, e);
            }
        }
        if (kafka != null) {
            try {
                kafka.send(
                        ConsoleKafka.ACCESS_AUDIT,
                        entry.path("user").asText("-"),
                        line.getBytes(StandardCharsets.UTF_8));
            } catch (KafkaUnavailableException e) {
                LOG.error("audit entry kept in {} only: {}", file, e.getMessage());
            }
        }
    }
}
