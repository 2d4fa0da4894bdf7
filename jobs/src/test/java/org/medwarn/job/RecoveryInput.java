package org.medwarn.job;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded county for the failure tests whose live result does not depend on timing, so that every
 * run over it, with or without failures, must give the same outputs:
 *
 * <ul>
 *   <li>settlements in increasing {@code setl_time} (so in every partition too): no settlement is
 *       ever behind the watermark, hence none is late, none beyond the late bound, and every
 *       cadence instant covers exactly the changes dated before it;
 *   <li>reversals (dated when they are delivered) and exact redeliveries (ignored duplicates);
 *   <li>a final settlement of 1.00 元 per person on 2025-12-20 12:00, which takes event time on
 *       every partition past the cadence instants up to that day and never to the next one (the
 *       live clock advances event time only by the wall-clock time the input stays idle).
 * </ul>
 *
 * The registry must be consumed before the settlements (as in production).
 */
record RecoveryInput(List<String> persons, List<String> settlements) {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] VILLAGES = {"371525101001", "371525002003", "371525209010"};

    /**
     * {@code persons} persons (every tenth without a registry entry), about 12 settlements each.
     */
    static RecoveryInput generate(long seed, int persons) {
        Random random = new Random(seed);
        List<String> registry = new ArrayList<>();
        for (int p = 1; p <= persons; p++) {
            if (p % 10 == 0) {
                continue; // registry_missing: ORDINARY, county from insu_admdvs
            }
            boolean assisted = p % 3 == 0;
            registry.add(
                    String.format(
                            "{\"psn_no\":\"%s\",\"psn_name\":\"张%d\",\"category\":\"%s\","
                                    + "\"identity\":%s,\"admdvs\":\"%s\","
                                    + "\"effective_from\":\"2024-01-01\"}",
                            psn(p),
                            p,
                            assisted ? "ASSISTED" : "ORDINARY",
                            assisted ? "\"低保对象\"" : "null",
                            VILLAGES[p % VILLAGES.length]));
        }
        List<String> lines = new ArrayList<>();
        List<List<String[]>> open = new ArrayList<>(); // per person: {setl_id, cents} not reversed
        for (int p = 0; p <= persons; p++) {
            open.add(new ArrayList<>());
        }
        int count = persons * 12;
        LocalDateTime start = LocalDateTime.of(2025, 1, 2, 8, 0);
        long step =
                java.time.Duration.between(start, LocalDateTime.of(2025, 12, 10, 0, 0)).toSeconds()
                        / count;
        for (int i = 0; i < count; i++) {
            String time = start.plusSeconds(step * i).format(TIME);
            int p = 1 + random.nextInt(persons);
            List<String[]> mine = open.get(p);
            if (i % 37 == 36 && !mine.isEmpty()) {
                String[] original = mine.remove(random.nextInt(mine.size()));
                lines.add(settlement("R" + i, p, time, -Long.parseLong(original[1]), original[0]));
            } else if (i % 53 == 52 && !lines.isEmpty()) {
                lines.add(lines.get(random.nextInt(lines.size()))); // redelivered as is
            } else {
                long cents = Math.round(Math.exp(8.0 + 1.2 * random.nextGaussian()) * 100);
                String id = "S" + i;
                mine.add(new String[] {id, Long.toString(cents)});
                lines.add(settlement(id, p, time, cents, null));
            }
        }
        for (int p = 1; p <= persons; p++) {
            lines.add(settlement("E" + p, p, "2025-12-20 12:00:00", 100, null));
        }
        return new RecoveryInput(registry, lines);
    }

    private static String psn(int p) {
        return String.format("Q%04d", p);
    }

    private static String settlement(String id, int p, String time, long cents, String reverses) {
        long fund = cents / 2;
        return String.format(
                "{\"setl_id\":\"%s\",\"psn_no\":\"%s\",\"insutype\":\"390\",\"med_type\":\"21\","
                        + "\"setl_time\":\"%s\",\"medfee_sumamt\":\"%s\",\"fund_pay_sumamt\":\"%s\","
                        + "\"psn_part_amt\":\"%s\",\"refd_setl_flag\":\"%s\"%s,"
                        + "\"insu_admdvs\":\"371525\"}",
                id,
                psn(p),
                time,
                yuan(cents + fund),
                yuan(fund),
                yuan(cents),
                reverses == null ? "0" : "1",
                reverses == null ? "" : ",\"init_setl_id\":\"" + reverses + "\"");
    }

    private static String yuan(long cents) {
        return (cents < 0 ? "-" : "")
                + Math.abs(cents) / 100
                + "."
                + String.format("%02d", Math.abs(cents) % 100);
    }
}
