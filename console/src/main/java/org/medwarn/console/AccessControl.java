package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.util.Set;

/**
 * Login, logout and the one {@code beforeMatched} handler that enforces every route's {@link
 * ConsoleRole}s on the server:
 *
 * <ul>
 *   <li>a route for {@link ConsoleRole#ANYONE} is open; an {@code /api} route without roles is
 *       closed (403: a route nobody gave roles to is never open by mistake); pages and scripts are
 *       static and carry no data;
 *   <li>otherwise the session cookie {@value Sessions#COOKIE} must name a live session (else 401
 *       {@code login_required}: the pages go to the login page) whose user's role is one of the
 *       route's (else 403 {@code forbidden});
 *   <li>every state-changing request (POST, PUT, PATCH, DELETE) must carry the session's CSRF token
 *       in {@value Sessions#CSRF_HEADER} (else 403 {@code csrf}). The login itself needs a JSON
 *       body ({@code Content-Type: application/json}), which a cross-site form cannot send.
 * </ul>
 *
 * The session cookie is HttpOnly and SameSite=Strict (and Secure with {@code --secure-cookies}).
 */
final class AccessControl {

    private static final String USER = "medwarn.user";
    private static final String SESSION = "medwarn.session";
    private static final Set<HandlerType> STATE_CHANGING =
            Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final ConsoleSecurity security;

    AccessControl(ConsoleSecurity security) {
        this.security = security;
    }

    /** The {@code beforeMatched} handler. */
    void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(ConsoleRole.ANYONE)) {
            return;
        }
        if (roles.isEmpty()) {
            if (ctx.path().startsWith("/api")) {
                throw ApiException.forbidden("route " + ctx.path() + " has no roles: closed");
            }
            return;
        }
        Sessions.Session session =
                security.sessions()
                        .find(ctx.cookie(Sessions.COOKIE))
                        .orElseThrow(
                                () ->
                                        ApiException.unauthorized(
                                                "请登录 / login required (no session, or it"
                                                        + " expired)"));
        ConsoleUser user = session.user;
        if (!roles.contains(user.role())) {
            throw ApiException.forbidden(
                    "无权限 / forbidden: role "
                            + user.role()
                            + " may not use "
                            + ctx.method()
                            + " "
                            + ctx.path());
        }
        if (STATE_CHANGING.contains(ctx.method())
                && !session.csrfMatches(ctx.header(Sessions.CSRF_HEADER))) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "csrf",
                    Sessions.CSRF_HEADER + ": missing or not this session's token");
        }
        ctx.attribute(USER, user);
        ctx.attribute(SESSION, session);
    }

    /** The logged-in user of a request that passed {@link #check}. */
    static ConsoleUser user(Context ctx) {
        ConsoleUser user = ctx.attribute(USER);
        if (user == null) {
            throw ApiException.unauthorized("请登录 / login required");
        }
        return user;
    }

    /** {@code POST /api/login} with {@code {user, password}}: 200 with the session, or 401. */
    void login(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new IllegalArgumentException(
                    "Content-Type: '" + type + "' is not application/json");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("body: not JSON {user, password}");
        }
        String name = body == null ? null : body.path("user").asText(null);
        String password = body == null ? null : body.path("password").asText(null);
        if (name == null || password == null) {
            throw new IllegalArgumentException("body: expected {user, password}");
        }
        ConsoleUser user = security.users().authenticate(name, password.toCharArray()).orElse(null);
        if (user == null) {
            ObjectNode entry = AuditLog.entry("LOGIN_FAILED", null);
            entry.put("user", name);
            entry.put("result", 401);
            security.audit().append(entry);
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "bad_credentials",
                    "用户名或密码错误 / wrong user name or password");
        }
        Sessions.Session session = security.sessions().create(user);
        ObjectNode entry = AuditLog.entry("LOGIN", user);
        entry.put("result", 200);
        security.audit().append(entry);
        ctx.res().addHeader("Set-Cookie", cookie(session.id, -1));
        ctx.json(describe(session));
    }

    /** {@code POST /api/logout}: ends the session. */
    void logout(Context ctx) {
        Sessions.Session session = ctx.attribute(SESSION);
        security.sessions().end(session.id);
        ObjectNode entry = AuditLog.entry("LOGOUT", session.user);
        entry.put("result", 200);
        security.audit().append(entry);
        ctx.res().addHeader("Set-Cookie", cookie("", 0));
        ctx.json(Json.obj("logged_out", true));
    }

    /** {@code GET /api/session}: who is logged in, and the CSRF token for the pages. */
    void session(Context ctx) {
        ctx.json(describe(ctx.attribute(SESSION)));
    }

    private ObjectNode describe(Sessions.Session s) {
        return Json.obj(
                "user", s.user.name(),
                "display_name", s.user.displayName(),
                "role", s.user.role().name(),
                "township_code", s.user.townshipCode(),
                "sees_persons", s.user.role().seesPersons(),
                "csrf_token", s.csrfToken,
                "idle_timeout_s", security.sessions().idleTimeout().toSeconds(),
                "triage_enabled", security.kafka() != null);
    }

    private String cookie(String value, int maxAge) {
        return Sessions.COOKIE
                + "="
                + value
                + "; Path=/; HttpOnly; SameSite=Strict"
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "")
                + (security.secureCookies() ? "; Secure" : "");
    }
}
