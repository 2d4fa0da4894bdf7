package org.medwarn.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.medwarn.avro.Settlement;
import org.medwarn.cli.Args;
import org.medwarn.ingest.JsonLines;
import org.medwarn.policy.Policy;
import org.medwarn.policy.PolicyLoader;
import org.medwarn.time.ChinaTime;

/**
 * {@code medwarn generate --persons N --year Y [--seed S] (--out DIR | --kafka BOOTSTRAP) [--speed
 * X | --rate R] [--settlements M] [--expected]}: a synthetic 冠县 (see README, calibration): the
 * registry ({@code persons.jsonl} / topic {@code persons}) and a year of settlements in delivery
 * order ({@code settlements.jsonl} / topic {@code settlements}), deterministic for the seed. {@code
 * --speed} plays simulated time accelerated (52560 = a year in ten minutes, 1 = real time), {@code
 * --rate} a fixed number of settlements per second; {@code --settlements} stops after M records;
 * {@code --expected} also prints the final levels the monitor should find. Also run as {@code
 * medwarn sample} (the former name).
 */
public final class GenerateCommand {
    static final Set<String> OPTIONS =
            Set.of(
                    "persons",
                    "year",
                    "seed",
                    "out",
                    "kafka",
                    "speed",
                    "rate",
                    "settlements",
                    "expected");

    private GenerateCommand() {}

    public static void run(String command, String[] argv, PrintStream out) throws Exception {
        Args args = new Args(command, argv, OPTIONS);
        int persons = args.intValue("persons", 800_000);
        int year = args.intValue("year", 2022);
        long seed = args.intValue("seed", 42);
        long limit = Long.parseLong(args.get("settlements", String.valueOf(Long.MAX_VALUE)));
        String dir = args.get("out", null);
        String kafka = args.get("kafka", null);
        if ((dir == null) == (kafka == null)) {
            throw new Args.UsageException(
                    command + ": give exactly one of --out DIR and --kafka BOOTSTRAP");
        }
        if (persons < 1 || persons > StreamKey.MAX_PERSONS) {
            throw new Args.UsageException(
                    command
                            + ": --persons "
                            + persons
                            + " is not between 1 and "
                            + StreamKey.MAX_PERSONS);
        }
        Policy policy = PolicyLoader.defaultPolicy();
        long started = System.nanoTime();
        PersonGenerator registry = new PersonGenerator(persons, seed, year);
        SettlementGenerator generator = new SettlementGenerator(registry, seed, year, policy);
        Pacer pacer = pacer(command, args, generator.start());
        Progress progress = new Progress(out, command);
        long written;
        if (dir != null) {
            written = toFiles(generator, Path.of(dir), limit, progress);
        } else {
            written = toKafka(generator, kafka, pacer, limit, progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
                "%s: %,d persons, %,d settlement lines (with redeliveries, reversals and late ones) of %d"
                        + " in %.1f s (%,.0f records/s) -> %s%n",
                command,
                persons,
                written,
                year,
                seconds,
                (persons + written) / seconds,
                dir != null ? dir : "Kafka " + kafka);
        if (args.flag("expected")) {
            out.printf(
                    "%s: expected final levels by category %s%n",
                    command,
                    generator.expectedLevels(
                            policy,
                            n -> out.printf("%s: expected levels: %,d persons%n", command, n)));
        }
    }

    /** Pacing from {@code --speed} or {@code --rate}; unpaced when neither is given. */
    public static Pacer pacer(String command, Args args, long simulatedStart) {
        String speed = args.get("speed", null);
        String rate = args.get("rate", null);
        if (speed != null && rate != null) {
            throw new Args.UsageException(command + ": give --speed or --rate, not both");
        }
        try {
            if (speed != null) {
                return Pacer.speed(Double.parseDouble(speed), simulatedStart);
            }
            return rate == null ? Pacer.unpaced() : Pacer.rate(Double.parseDouble(rate));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(
                    command
                            + ": --"
                            + (speed != null ? "speed '" + speed : "rate '" + rate)
                            + "' is not a number above 0");
        }
    }

    private static long toFiles(
            SettlementGenerator generator, Path dir, long limit, Progress progress)
            throws IOException {
        Files.createDirectories(dir);
        PersonGenerator registry = generator.persons();
        try (BufferedWriter w =
                Files.newBufferedWriter(dir.resolve("persons.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < registry.size(); i++) {
                line(w, JsonLines.write(registry.record(i)));
            }
        }
        try (BufferedWriter w =
                Files.newBufferedWriter(dir.resolve("settlements.jsonl"), StandardCharsets.UTF_8)) {
            return stream(generator, limit, progress, (n, at, s) -> line(w, JsonLines.write(s)));
        }
    }

    private static long toKafka(
            SettlementGenerator generator,
            String bootstrap,
            Pacer pacer,
            long limit,
            Progress progress)
            throws InterruptedException {
        try (KafkaFeed feed = new KafkaFeed(bootstrap)) {
            PersonGenerator registry = generator.persons();
            for (int i = 0; i < registry.size(); i++) {
                feed.send(registry.record(i));
            }
            feed.flush();
            long n =
                    stream(
                            generator,
                            limit,
                            progress,
                            (i, at, s) -> {
                                pacer.await(i, at);
                                feed.send(s);
                            });
            feed.flush();
            return n;
        }
    }

    /** One settlement of the stream: its number (from 1), delivery time and record. */
    @FunctionalInterface
    public interface Feed {
        void accept(long n, long deliveredAt, Settlement s) throws InterruptedException;
    }

    /**
     * Runs the stream into {@code feed} with progress, stopping after {@code limit} records.
     *
     * @return the number of records fed
     */
    public static long stream(
            SettlementGenerator generator, long limit, Progress progress, Feed feed) {
        long[] n = {0};
        try {
            generator.forEach(
                    (at, s) -> {
                        if (n[0] >= limit) {
                            throw new Stop();
                        }
                        n[0]++;
                        try {
                            feed.accept(n[0], at, s);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new Stop();
                        }
                        progress.tick(n[0], at);
                    });
        } catch (Stop stop) {
            // limit reached or interrupted
        }
        return n[0];
    }

    /**
     * Thrown by a {@link Feed} to end the stream early (the caller's own stop, e.g. Ctrl-C or the
     * end of a soak): {@link #stream} returns normally. Unlike an {@link InterruptedException},
     * which {@link #stream} re-asserts as the thread's interrupt, it leaves the thread fit to close
     * its producer.
     */
    public static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Stop() {
            super(null, null, false, false);
        }
    }

    /** Prints the simulated date, records so far and the rate every 5 seconds. */
    public static final class Progress {
        private final PrintStream out;
        private final String command;
        private final long started = System.nanoTime();
        private long lastPrint = started;
        private long lastCount;

        public Progress(PrintStream out, String command) {
            this.out = out;
            this.command = command;
        }

        /** The simulated time of the last record fed (epoch ms), for callers that show it. */
        public volatile long simulated;

        /** Records fed so far. */
        public volatile long count;

        void tick(long n, long at) {
            simulated = at;
            count = n;
            if ((n & 1023) != 0 || out == null) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastPrint >= 5_000_000_000L) {
                out.printf(
                        "%s: simulated %s | %,d settlements | %,.0f/s%n",
                        command,
                        ChinaTime.format(at).substring(0, 10),
                        n,
                        (n - lastCount) / ((now - lastPrint) / 1e9));
                lastPrint = now;
                lastCount = n;
            }
        }
    }

    private static void line(BufferedWriter w, String json) {
        try {
            w.write(json);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
