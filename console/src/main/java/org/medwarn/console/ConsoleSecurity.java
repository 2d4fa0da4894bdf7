package org.medwarn.console;

/**
 * What the console needs besides the search engine: its users, the sessions, the access audit and
 * Kafka for the triage actions.
 *
 * @param users who may log in ({@code --users}, or the demo users)
 * @param sessions logged-in sessions with their idle timeout
 * @param audit the access audit (file in the data directory, plus Kafka when configured)
 * @param kafka null without {@code --kafka}: triage actions answer 503
 * @param secureCookies whether the session cookie is {@code Secure} (behind https)
 */
record ConsoleSecurity(
        UserDirectory users,
        Sessions sessions,
        AuditLog audit,
        ConsoleKafka kafka,
        boolean secureCookies) {}
