package org.medwarn.console;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web application: the JSON API under {@code /api} and the pages (from the classpath,
 * {@value #WEB_RESOURCES}).
 *
 * <h2>API and the roles each route requires</h2>
 *
 * <table>
 *   <tr><th>route</th><th>roles</th></tr>
 *   <tr><td>{@code GET /api/health}</td><td>anyone</td></tr>
 *   <tr><td>{@code POST /api/login} {@code {user, password}}</td><td>anyone</td></tr>
 *   <tr><td>{@code GET /api/session}, {@code POST /api/logout}</td><td>every user</td></tr>
 *   <tr><td>{@code GET /api/overview?year=}, {@code /api/townships?year=}, {@code
 *       /api/trend?year=}</td><td>every user (aggregates only)</td></tr>
 *   <tr><td>{@code GET /api/queue?township=&level=&category=&year=&page=&size=}</td><td>officers
 *       (a township officer: own township only)</td></tr>
 *   <tr><td>{@code GET /api/persons/{psn_no}}</td><td>officers (ditto; audited)</td></tr>
 *   <tr><td>{@code GET /api/officers?township=}</td><td>officers: who a warning can be assigned
 *       to</td></tr>
 *   <tr><td>{@code POST /api/warnings/{warning_id}/actions}</td><td>officers (ditto; audited;
 *       published to topic {@code triage})</td></tr>
 * </table>
 *
 * Officers are {@link ConsoleRole#COUNTY_OFFICER} and {@link ConsoleRole#TOWNSHIP_OFFICER};
 * leadership and data engineers never receive persons. {@link AccessControl} enforces the roles in
 * one {@code beforeMatched} handler.
 *
 * <p>Errors are JSON {@code {error, message}}: 400 for a bad parameter (the message names it), 401
 * {@code login_required}, 403 {@code forbidden} or {@code csrf}, 404 {@code not_found}, 503 {@code
 * search_unreachable} with {@code search_url} when the search engine cannot be reached, 503 {@code
 * kafka_unavailable} when triage actions cannot be published, 502 when the search engine answers
 * with an error.
 */
public final class ConsoleApp {

    /** Where the build puts the pages and the bundled ECharts (dashboards/console/bundle.sh). */
    public static final String WEB_RESOURCES = "/org/medwarn/console/web";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private ConsoleApp() {}

    /** A configured, not yet started application. */
    static Javalin create(ConsoleData data, ConsoleSecurity security) {
        AccessControl access = new AccessControl(security);
        TriageService triage =
                new TriageService(data, security.users(), security.kafka(), security.audit());
        Javalin app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                            config.staticFiles.add(
                                    files -> {
                                        files.hostedPath = "/";
                                        files.directory = WEB_RESOURCES;
                                        files.location = Location.CLASSPATH;
                                    });
                            config.router.apiBuilder(
                                    () ->
                                            path(
                                                    "api",
                                                    () -> routes(data, security, access, triage)));
                        });
        app.beforeMatched(access::check);
        app.exception(
                ApiException.class,
                (e, ctx) ->
                        ctx.status(e.status)
                                .json(Map.of("error", e.error, "message", e.getMessage())));
        app.exception(
                KafkaUnavailableException.class,
                (e, ctx) -> {
                    LOG.warn("{}", e.getMessage());
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .json(Map.of("error", "kafka_unavailable", "message", e.getMessage()));
                });
        app.exception(
                SearchUnavailableException.class,
                (e, ctx) -> {
                    LOG.warn("{}", e.getMessage());
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .json(
                                    Map.of(
                                            "error",
                                            "search_unreachable",
                                            "message",
                                            "搜索引擎不可达 / search engine unreachable: " + e.searchUrl(),
                                            "search_url",
                                            e.searchUrl()));
                });
        app.exception(
                IllegalArgumentException.class,
                (e, ctx) ->
                        ctx.status(HttpStatus.BAD_REQUEST)
                                .json(Map.of("error", "bad_request", "message", e.getMessage())));
        app.exception(
                SearchQueryException.class,
                (e, ctx) -> {
                    LOG.error("{}", e.getMessage());
                    ctx.status(HttpStatus.BAD_GATEWAY)
                            .json(Map.of("error", "search_error", "message", e.getMessage()));
                });
        return app;
    }

    private static void routes(
            ConsoleData data,
            ConsoleSecurity security,
            AccessControl access,
            TriageService triage) {
        get(
                "health",
                ctx -> {
                    data.ping();
                    ctx.json(Map.of("search_url", data.searchUrl(), "search", "ok"));
                },
                ConsoleRole.ANYONE);
        post("login", access::login, ConsoleRole.ANYONE);
        post("logout", access::logout, ConsoleRole.LOGGED_IN);
        get("session", access::session, ConsoleRole.LOGGED_IN);
        get(
                "overview",
                ctx -> ctx.json(data.overview(data.year(ctx.queryParam("year")))),
                ConsoleRole.LOGGED_IN);
        get(
                "townships",
                ctx -> ctx.json(data.overview(data.year(ctx.queryParam("year"))).path("townships")),
                ConsoleRole.LOGGED_IN);
        get(
                "trend",
                ctx -> ctx.json(data.trend(data.year(ctx.queryParam("year")))),
                ConsoleRole.LOGGED_IN);
        get(
                "queue",
                ctx ->
                        ctx.json(
                                data.queue(
                                        QueueFilter.of(ctx::queryParam),
                                        AccessControl.user(ctx).scope())),
                ConsoleRole.OFFICERS);
        get("persons/{psn_no}", ctx -> person(ctx, data, security.audit()), ConsoleRole.OFFICERS);
        get("officers", ctx -> officers(ctx, security.users()), ConsoleRole.OFFICERS);
        post(
                "warnings/{warning_id}/actions",
                ctx ->
                        ctx.status(HttpStatus.ACCEPTED)
                                .json(
                                        triage.act(
                                                AccessControl.user(ctx),
                                                ctx.pathParam("warning_id"),
                                                body(ctx))),
                ConsoleRole.OFFICERS);
    }

    private static JsonNode body(Context ctx) {
        try {
            return Json.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("body: not JSON {action, assignee, note, outcome}");
        }
    }

    /** The township officers of a township (a township officer: their own township only). */
    private static void officers(Context ctx, UserDirectory users) {
        ConsoleUser user = AccessControl.user(ctx);
        String township = QueueFilter.of(ctx::queryParam).township();
        if (township == null) {
            throw new IllegalArgumentException("township: required");
        }
        if (user.scope() != null && !user.scope().equals(township)) {
            throw ApiException.forbidden(
                    "township: '" + township + "' is not your township " + user.scope());
        }
        ArrayNode out = Json.arr();
        for (ConsoleUser u : users.townshipOfficers(township)) {
            out.add(Json.obj("name", u.name(), "display_name", u.displayName()));
        }
        ctx.json(out);
    }

    /** The person page; every access (found or not) is audited. */
    private static void person(Context ctx, ConsoleData data, AuditLog audit) {
        ConsoleUser user = AccessControl.user(ctx);
        String psnNo = ctx.pathParam("psn_no");
        ObjectNode entry = AuditLog.entry("PERSON_VIEW", user);
        entry.put("psn_no", psnNo);
        Optional<ObjectNode> person;
        try {
            person = data.person(psnNo, user.scope());
        } catch (RuntimeException e) {
            entry.put("result", e instanceof IllegalArgumentException ? 400 : 503);
            audit.append(entry);
            throw e;
        }
        entry.put("result", person.isPresent() ? 200 : 404);
        audit.append(entry);
        person.ifPresentOrElse(
                ctx::json,
                () -> {
                    throw ApiException.notFound(
                            "psn_no: no ledger row and no warning for '"
                                    + psnNo
                                    + "' (the ledger holds person-years from the policy's"
                                    + " ledger_floor, 10,000 元 by default)"
                                    + (user.scope() == null ? "" : " in township " + user.scope()));
                });
    }
}
