package org.medwarn.console;

import java.util.List;

/**
 * The search indices the console reads (the contract: {@code
 * jobs/src/main/resources/medwarn/search/medwarn-*.json}), each as the exact name plus the
 * template's {@code -*} pattern, and the value sets of their keyword fields.
 */
public final class Indices {

    /** 台账: one document per person and year. */
    public static final String LEDGER = "medwarn-ledger,medwarn-ledger-*";

    /** One document per level change; {@code status} NEW for the queue. */
    public static final String WARNINGS = "medwarn-warnings,medwarn-warnings-*";

    /** Persons and self-pay per region × category × level ({@code doc_type} current / daily). */
    public static final String AGGREGATES = "medwarn-aggregates,medwarn-aggregates-*";

    /** 结算明细: one document per settlement received ({@code _id = setl_id}). */
    public static final String SETTLEMENTS = "medwarn-settlements,medwarn-settlements-*";

    /** Warning levels, lowest first ({@code level_rank} 0..3). */
    public static final List<String> LEVELS = List.of("NONE", "BLUE", "YELLOW", "RED");

    /** Levels that are a warning (蓝/黄/红), highest first, as the pages list them. */
    public static final List<String> WARNING_LEVELS = List.of("RED", "YELLOW", "BLUE");

    /** 帮扶对象 assistance targets, 普通参保群众 ordinary insured. */
    public static final List<String> CATEGORIES = List.of("ASSISTED", "ORDINARY");

    /** The queue's status: warnings nobody has handled yet. */
    public static final String STATUS_NEW = "NEW";

    /**
     * Statuses of a warning still being handled (the queue): all but CLOSED. The monitoring job
     * moves a warning through them as officers' triage actions arrive.
     */
    public static final List<String> OPEN_STATUSES =
            List.of("NEW", "ACKNOWLEDGED", "ASSIGNED", "VISITED", "VERIFIED", "REOPENED");

    /** {@code direction} of a warning whose level went down (not a new warning). */
    public static final String DIRECTION_DOWN = "DOWN";

    private Indices() {}
}
