package org.medwarn.ingest;

/** An input that cannot be counted, with the reason code and a message naming field and value. */
public class RejectedInputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final DeadLetterReason reason;

    public RejectedInputException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
