package org.medwarn.console;

import io.javalin.security.RouteRole;

/**
 * Who a route is for. Routes carry their roles now so that the login/roles layer (a later issue)
 * can be added as one {@code beforeMatched} handler in {@link ConsoleApp} that checks {@code
 * ctx.routeRoles()}; until then every route is open.
 */
public enum ConsoleRole implements RouteRole {
    /** 县领导: the overview (大屏). */
    LEADERSHIP,
    /** 监测专员: the queue and person pages (personal data). */
    OFFICER
}
