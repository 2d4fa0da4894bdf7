package org.medwarn.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Logged-in sessions, in memory (a console restart logs everybody out). A session has a random id
 * (the {@value #COOKIE} cookie: HttpOnly, SameSite=Strict) and a random CSRF token (synchronizer
 * token: the pages send it in the {@value #CSRF_HEADER} header of every state-changing request). A
 * session ends at logout or after {@code idleTimeout} without a request; expired sessions are
 * removed when found and at each login.
 */
final class Sessions {

    static final String COOKIE = "medwarn_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A logged-in user. {@code lastSeenMillis} moves on every request. */
    static final class Session {
        final String id;
        final String csrfToken;
        final ConsoleUser user;
        volatile long lastSeenMillis;

        private Session(String id, String csrfToken, ConsoleUser user, long now) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.user = user;
            this.lastSeenMillis = now;
        }

        /** Whether {@code token} is this session's CSRF token (constant-time comparison). */
        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(token.getBytes(), csrfToken.getBytes());
        }
    }

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final LongSupplier clockMillis;

    Sessions(Duration idleTimeout, LongSupplier clockMillis) {
        this.idleTimeout = idleTimeout;
        this.clockMillis = clockMillis;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** Starts a session for {@code user}. */
    Session create(ConsoleUser user) {
        long now = clockMillis.getAsLong();
        sessions.values().removeIf(s -> expired(s, now));
        Session s = new Session(token(), token(), user, now);
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id, touched; empty if unknown or expired (then removed). */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        long now = clockMillis.getAsLong();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.lastSeenMillis = now;
        return Optional.of(s);
    }

    void end(String id) {
        sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(Session s, long now) {
        return now - s.lastSeenMillis >= idleTimeout.toMillis();
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
