package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.medwarn.avro.TriageAction;
import org.medwarn.avro.TriageActionType;

/**
 * Publishes an officer's triage action: finds the warning within the officer's scope (a township
 * officer only sees their township's warnings: another township's warning is not found), validates
 * the request ({@link TriageRequest}; an ASSIGN goes to a township officer of the warning's
 * township), builds the {@link TriageAction} and sends it to topic {@code triage} keyed by psn_no,
 * waiting for the broker's acknowledgement; every attempt that reaches the warning is audited. The
 * console writes nothing to the search engine: the monitoring job applies the action.
 */
final class TriageService {

    static final String NO_KAFKA =
            "triage actions need Kafka: start the console with --kafka BOOTSTRAP"
                    + " (处置操作需要 Kafka)";

    private final ConsoleData data;
    private final UserDirectory users;
    private final ConsoleKafka kafka;
    private final AuditLog audit;

    /** {@code kafka} null: every action is refused with 503 ({@value #NO_KAFKA}). */
    TriageService(ConsoleData data, UserDirectory users, ConsoleKafka kafka, AuditLog audit) {
        this.data = data;
        this.users = users;
        this.kafka = kafka;
        this.audit = audit;
    }

    /** The answer {@code {action_id, warning_id, action, topic, partition, offset}}. */
    ObjectNode act(ConsoleUser user, String warningId, JsonNode body) {
        if (kafka == null) {
            throw new KafkaUnavailableException(NO_KAFKA, null);
        }
        String id = TriageRequest.validWarningId(warningId);
        JsonNode warning =
                data.warning(id, user.scope())
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "warning_id: no warning '"
                                                        + id
                                                        + "'"
                                                        + (user.scope() == null
                                                                ? ""
                                                                : " in township " + user.scope())));
        TriageRequest request = TriageRequest.parse(body);
        String township = warning.path("township_code").asText(null);
        if (request.action() == TriageActionType.ASSIGN
                && users.townshipOfficers(township).stream()
                        .noneMatch(u -> u.name().equals(request.assignee()))) {
            throw new IllegalArgumentException(
                    "assignee: '"
                            + request.assignee()
                            + "' is not a township officer of township "
                            + township);
        }
        TriageAction action =
                request.toAction(warning, user, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        ObjectNode entry = AuditLog.entry("TRIAGE_ACTION", user);
        entry.put("warning_id", id);
        entry.put("psn_no", action.getPsnNo());
        entry.put("action_id", action.getActionId());
        entry.put("action", action.getAction().name());
        RecordMetadata written;
        try {
            written = kafka.send(ConsoleKafka.TRIAGE, action.getPsnNo(), encode(action));
        } catch (KafkaUnavailableException e) {
            entry.put("result", 503);
            audit.append(entry);
            throw e;
        }
        entry.put("result", 202);
        audit.append(entry);
        return Json.obj(
                "action_id", action.getActionId(),
                "warning_id", id,
                "action", action.getAction().name(),
                "action_time", ChinaTime.iso(action.getActionTime().toEpochMilli()),
                "topic", written.topic(),
                "partition", written.partition(),
                "offset", written.offset());
    }

    /** Avro single-object encoding (fingerprint header + binary), as every medwarn topic. */
    static byte[] encode(TriageAction action) {
        try {
            ByteBuffer b = TriageAction.getEncoder().encode(action);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + action, e);
        }
    }
}
