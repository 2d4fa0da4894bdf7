package org.medwarn.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.medwarn.avro.DeadLetter;
import org.medwarn.avro.LedgerEntry;
import org.medwarn.avro.Warning;

/**
 * Where the monitoring workflow writes: Kafka topics in the live job, JSON Lines files in a replay,
 * collecting sinks in tests.
 *
 * @param warnings level changes
 * @param ledger ledger (台账) updates, one per change of a person-year
 * @param deadLetters every input that was not counted, with the reason
 */
public record Sinks(
        Sink<Warning> warnings, Sink<LedgerEntry> ledger, Sink<DeadLetter> deadLetters) {}
