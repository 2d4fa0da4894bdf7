package org.medwarn.console;

/**
 * A console user from the users file.
 *
 * @param name login name, also the {@code actor} (and {@code assignee}) of triage actions
 * @param displayName name shown in the page header
 * @param role one of {@link ConsoleRole#USER_ROLES}
 * @param townshipCode 9-digit township code of a {@link ConsoleRole#TOWNSHIP_OFFICER}, else null
 * @param passwordHash {@link PasswordHash} string
 */
public record ConsoleUser(
        String name,
        String displayName,
        ConsoleRole role,
        String townshipCode,
        String passwordHash) {

    /** The township this user's person queries are limited to, or null for all (county officer). */
    public String scope() {
        return role == ConsoleRole.TOWNSHIP_OFFICER ? townshipCode : null;
    }
}
