package org.medwarn.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.Feedback;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Screening;
import org.medwarn.avro.Warning;
import org.medwarn.region.RegionDirectory;
import org.medwarn.sink.search.SearchDocument;

/**
 * Where the monitoring workflow writes: Kafka topics in the live job, JSON Lines files in a replay,
 * collecting sinks in tests.
 *
 * @param warnings level changes
 * @param ledger ledger (台账) updates, one per change of a person-year
 * @param deadLetters every input that was not counted, with the reason
 * @param screenings screenings (筛选) per category, county and instant
 * @param feedback feedback (反馈) per township, level and instant, and per immediate warning
 * @param search optional: the search-engine documents (ledger, warnings, aggregates); null for none
 * @param regions region names for the search documents (used only with {@code search})
 */
public record Sinks(
        Sink<Warning> warnings,
        Sink<LedgerEntry> ledger,
        Sink<DeadLetter> deadLetters,
        Sink<Screening> screenings,
        Sink<Feedback> feedback,
        Sink<SearchDocument> search,
        RegionDirectory regions) {

    /** Sinks without a search engine. */
    public Sinks(
            Sink<Warning> warnings,
            Sink<LedgerEntry> ledger,
            Sink<DeadLetter> deadLetters,
            Sink<Screening> screenings,
            Sink<Feedback> feedback) {
        this(warnings, ledger, deadLetters, screenings, feedback, null, null);
    }

    /** These sinks plus search documents, with region names from {@code regions}. */
    public Sinks withSearch(Sink<SearchDocument> search, RegionDirectory regions) {
        return new Sinks(warnings, ledger, deadLetters, screenings, feedback, search, regions);
    }
}
