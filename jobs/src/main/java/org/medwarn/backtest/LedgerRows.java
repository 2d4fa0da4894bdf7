package org.medwarn.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medwarn.policy.Money;

/** The final ledger (台账) rows of one backtest run, read back from its {@code ledger.jsonl}. */
final class LedgerRows {
    private LedgerRows() {}

    /** One person-year: what the comparison needs. */
    record Row(
            String psnNo,
            int year,
            String category,
            String township,
            String level,
            long totalCents) {
        /** Person and year: the unit compared between policies. */
        String personYear() {
            return psnNo + " " + year;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Row> read(Path ledgerJsonl) {
        List<Row> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(ledgerJsonl, StandardCharsets.UTF_8)) {
                JsonNode l = JSON.readTree(line);
                JsonNode township = l.path("township_code");
                rows.add(
                        new Row(
                                l.path("psn_no").asText(),
                                l.path("year").asInt(),
                                l.path("category").asText(),
                                township.isTextual() ? township.asText() : "unknown",
                                l.path("level").asText(),
                                Money.parseCents(l.path("annual_self_pay").asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
