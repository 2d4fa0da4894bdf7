package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's route table (section "Login, roles and triage") is the console's routes: every
 * {@code /api} route the application registers is in the table with exactly the roles it is
 * registered with, and the table names no route that does not exist. No server, no search engine:
 * the routes are read from the configured application.
 */
class ConsoleRoutesTest {
    private static final Path README = Path.of("../README.md");

    /** A route's cells in the table, in this order of roles. */
    private static final ConsoleRole[] COLUMNS = {
        ConsoleRole.LEADERSHIP,
        ConsoleRole.COUNTY_OFFICER,
        ConsoleRole.TOWNSHIP_OFFICER,
        ConsoleRole.DATA_ENGINEER
    };

    private static final Pattern ROUTE = Pattern.compile("`(?:(GET|POST) )?(/api/[^`?]*)[^`]*`");

    @TempDir Path dir;

    @Test
    void theReadmeTableListsEveryApiRouteWithItsRoles() throws IOException {
        TreeMap<String, Set<ConsoleRole>> registered = registered();
        TreeMap<String, Set<ConsoleRole>> documented = documented();
        // printed for the closing note of issue 10: the routes and who may use them
        registered.forEach((route, roles) -> System.out.println("route " + route + " " + roles));
        assertThat(registered).isNotEmpty();
        assertThat(documented).isEqualTo(registered);
    }

    /** METHOD path → roles of every {@code /api} route of {@link ConsoleApp#create}. */
    private TreeMap<String, Set<ConsoleRole>> registered() throws IOException {
        SearchClient unused = new SearchClient("http://127.0.0.1:9");
        ConsoleSecurity security =
                new ConsoleSecurity(
                        UserDirectory.demo(),
                        new Sessions(ConsoleStack.IDLE_TIMEOUT, System::currentTimeMillis),
                        new AuditLog(dir, null),
                        null,
                        false);
        Javalin app = ConsoleApp.create(new ConsoleData(unused), security);
        TreeMap<String, Set<ConsoleRole>> routes = new TreeMap<>();
        for (ParsedEndpoint p : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            Endpoint e = p.getEndpoint();
            if (!e.getPath().startsWith("/api")) {
                continue;
            }
            Set<ConsoleRole> roles = EnumSet.noneOf(ConsoleRole.class);
            for (RouteRole r : e.getRoles()) {
                roles.add((ConsoleRole) r);
            }
            routes.put(e.getMethod() + " " + e.getPath(), roles);
        }
        unused.close();
        return routes;
    }

    /**
     * METHOD path → roles from the README table: {@code open} is {@link ConsoleRole#ANYONE}, 403 is
     * not allowed, anything else (✓, all townships, own township …) allowed; a path without a
     * method takes the method of the one before it in its cell.
     */
    private static TreeMap<String, Set<ConsoleRole>> documented() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start =
                lines.indexOf(
                        "| route | LEADERSHIP | COUNTY_OFFICER | TOWNSHIP_OFFICER | DATA_ENGINEER |");
        assertThat(start).as("the route table in " + README).isNotNegative();
        TreeMap<String, Set<ConsoleRole>> routes = new TreeMap<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = new ArrayList<>();
            for (String c : lines.get(i).split("\\|")) {
                cells.add(c.trim());
            }
            cells.remove(0); // before the first |
            Set<ConsoleRole> roles = EnumSet.noneOf(ConsoleRole.class);
            for (int c = 0; c < COLUMNS.length; c++) {
                String cell = cells.get(c + 1);
                if (cell.equals("open")) {
                    roles = EnumSet.of(ConsoleRole.ANYONE);
                    break;
                }
                if (!cell.startsWith("403")) {
                    roles.add(COLUMNS[c]);
                }
            }
            Matcher m = ROUTE.matcher(cells.get(0));
            String method = null;
            while (m.find()) {
                method = m.group(1) != null ? m.group(1) : method;
                routes.put(method + " " + m.group(2), roles);
            }
        }
        return routes;
    }
}
