package org.medwarn.console;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web application: the JSON API under {@code /api} and the pages (from the classpath,
 * {@value #WEB_RESOURCES}).
 *
 * <h2>API</h2>
 *
 * <ul>
 *   <li>{@code GET /api/health}: {@code {search_url, search: "ok"}} or 503
 *   <li>{@code GET /api/overview?year=}: {@link OverviewQuery} (default: the latest year)
 *   <li>{@code GET /api/townships?year=}: the overview's township table
 *   <li>{@code GET /api/trend?year=}: {@link TrendQuery}
 *   <li>{@code GET /api/queue?township=&level=&category=&year=&page=&size=}: {@link QueueQuery}
 *   <li>{@code GET /api/persons/{psn_no}}: {@link PersonQuery}, 404 if unknown
 * </ul>
 *
 * Errors are JSON {@code {error, message}}: 400 for a bad parameter (the message names it), 503
 * {@code search_unreachable} with {@code search_url} when the search engine cannot be reached, 502
 * when it answers with an error.
 *
 * <p>Every route carries its {@link ConsoleRole}s: an authentication layer goes in front of them as
 * one {@code beforeMatched} handler here.
 */
public final class ConsoleApp {

    /** Where the build puts the pages and the bundled ECharts (dashboards/console/bundle.sh). */
    public static final String WEB_RESOURCES = "/org/medwarn/console/web";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private ConsoleApp() {}

    /** A configured, not yet started application. */
    public static Javalin create(ConsoleData data) {
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
                            config.router.apiBuilder(() -> path("api", () -> routes(data)));
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

    private static void routes(ConsoleData data) {
        get(
                "health",
                ctx -> {
                    data.ping();
                    ctx.json(Map.of("search_url", data.searchUrl(), "search", "ok"));
                },
                ConsoleRole.LEADERSHIP,
                ConsoleRole.OFFICER);
        get(
                "overview",
                ctx -> ctx.json(data.overview(data.year(ctx.queryParam("year")))),
                ConsoleRole.LEADERSHIP,
                ConsoleRole.OFFICER);
        get(
                "townships",
                ctx -> ctx.json(data.overview(data.year(ctx.queryParam("year"))).path("townships")),
                ConsoleRole.LEADERSHIP,
                ConsoleRole.OFFICER);
        get(
                "trend",
                ctx -> ctx.json(data.trend(data.year(ctx.queryParam("year")))),
                ConsoleRole.LEADERSHIP,
                ConsoleRole.OFFICER);
        get(
                "queue",
                ctx -> ctx.json(data.queue(QueueFilter.of(ctx::queryParam))),
                ConsoleRole.OFFICER);
        get("persons/{psn_no}", ctx -> person(ctx, data), ConsoleRole.OFFICER);
    }

    private static void person(Context ctx, ConsoleData data) {
        String psnNo = ctx.pathParam("psn_no");
        data.person(psnNo)
                .ifPresentOrElse(
                        ctx::json,
                        () ->
                                ctx.status(HttpStatus.NOT_FOUND)
                                        .json(
                                                Map.of(
                                                        "error",
                                                        "not_found",
                                                        "message",
                                                        "psn_no: no ledger row and no"
                                                                + " warning for '"
                                                                + psnNo
                                                                + "'")));
    }
}
