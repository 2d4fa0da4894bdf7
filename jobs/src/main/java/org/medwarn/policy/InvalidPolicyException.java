package org.medwarn.policy;

/** A policy that cannot be used; the message names the key and the bad value. */
public class InvalidPolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String message) {
        super(message);
    }
}
