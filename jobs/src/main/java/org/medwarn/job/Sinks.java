package org.medwarn.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Warning;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.SearchDocument;
import org.medwarn.sink.search.SearchSettings;

/**
 * Where the monitoring workflow writes: Kafka topics in the live job, JSON Lines files in a replay,
 * collecting sinks in tests.
 *
 * @param warnings level changes
 * @param ledger ledger (台账) updates, one per change of a person-year
 * @param deadLetters every input that was not counted, with the reason
 * @param screenings screenings (筛选) per category, county and instant
 * @param feedback feedback (反馈) per township, level and instant, and per immediate warning
 * @param search optional: the search-engine documents (ledger, aggregates, settlements, …); null
 *     for none
 * @param warningSearch the warning documents' sink (with {@code search}): a sink of their own,
 *     never queued behind the others, and for a search engine one that sends a warning at once
 *     ({@link SearchSettings#forWarnings()}); {@code search} itself when the caller has no other
 * @param regions region names for the search documents (used only with {@code search})
 */
public record Sinks(
        Sink<Warning> warnings,
        Sink<LedgerEntry> ledger,
        Sink<DeadLetter> deadLetters,
        Sink<Screening> screenings,
        Sink<Feedback> feedback,
        Sink<SearchDocument> search,
        Sink<SearchDocument> warningSearch,
        RegionDirectory regions) {

    /** Sinks without a search engine. */
    public Sinks(
            Sink<Warning> warnings,
            Sink<LedgerEntry> ledger,
            Sink<DeadLetter> deadLetters,
            Sink<Screening> screenings,
            Sink<Feedback> feedback) {
        this(warnings, ledger, deadLetters, screenings, feedback, null, null, null);
    }

    /**
     * These sinks plus search documents, with region names from {@code regions}; the warning
     * documents go to the same sink (a second operator of it).
     */
    public Sinks withSearch(Sink<SearchDocument> search, RegionDirectory regions) {
        return withSearch(search, search, regions);
    }

    /** These sinks plus search documents, the warning documents through {@code warningSearch}. */
    public Sinks withSearch(
            Sink<SearchDocument> search,
            Sink<SearchDocument> warningSearch,
            RegionDirectory regions) {
        return new Sinks(
                warnings,
                ledger,
                deadLetters,
                screenings,
                feedback,
                search,
                warningSearch,
                regions);
    }
}
