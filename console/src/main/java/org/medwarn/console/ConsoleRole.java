package org.medwarn.console;

import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * Who a route is for: every {@code /api} route carries its roles and {@link AccessControl} (one
 * {@code beforeMatched} handler) refuses the others. Users get exactly one of the four user roles
 * from the users file ({@link UserDirectory}).
 */
public enum ConsoleRole implements RouteRole {
    /** Open without a login: the login route and the health check. */
    ANYONE,
    /** 县领导 county leadership: the overview (大屏), aggregates only, no personal data. */
    LEADERSHIP,
    /** 县医保局监测专员 county officer: the queue and person pages of all townships, triage actions. */
    COUNTY_OFFICER,
    /**
     * 乡镇监测专员 township officer: the queue and person pages of the user's own township only ({@code
     * township_code} in the users file), triage actions there.
     */
    TOWNSHIP_OFFICER,
    /** 数据工程师 data engineer: policies and backtests, aggregates only, no personal data. */
    DATA_ENGINEER;

    /** The roles a user can have (all but {@link #ANYONE}). */
    public static final Set<ConsoleRole> USER_ROLES =
            Set.of(LEADERSHIP, COUNTY_OFFICER, TOWNSHIP_OFFICER, DATA_ENGINEER);

    /** Every logged-in user: routes without personal data. */
    static final ConsoleRole[] LOGGED_IN = {
        LEADERSHIP, COUNTY_OFFICER, TOWNSHIP_OFFICER, DATA_ENGINEER
    };

    /** The officers: routes with personal data (masked) and the triage actions. */
    static final ConsoleRole[] OFFICERS = {COUNTY_OFFICER, TOWNSHIP_OFFICER};

    /** Whether this role may see persons (queue rows, person pages): the officers only. */
    public boolean seesPersons() {
        return this == COUNTY_OFFICER || this == TOWNSHIP_OFFICER;
    }
}
