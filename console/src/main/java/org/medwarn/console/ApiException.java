package org.medwarn.console;

import io.javalin.http.HttpStatus;

/** An API answer other than success: {@code {error, message}} with this status. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient HttpStatus status;
    final String error;

    ApiException(HttpStatus status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "login_required", message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
    }
}
