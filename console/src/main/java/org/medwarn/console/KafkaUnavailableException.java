package org.medwarn.console;

/**
 * Kafka is not configured ({@code --kafka}) or did not take a record in time: answered with 503.
 */
public final class KafkaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
