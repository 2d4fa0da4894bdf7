package org.medwarn.console;

/**
 * The search engine answered a query with an error (a bug or a broken index): answered with 502.
 */
public final class SearchQueryException extends RuntimeException {

    public SearchQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
