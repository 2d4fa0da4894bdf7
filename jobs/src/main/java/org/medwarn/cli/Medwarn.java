package org.medwarn.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.medwarn.policy.InvalidPolicyException;
import org.medwarn.replay.ReplayCommand;

/** The {@code ./medwarn} command line: one subcommand per task. */
public final class Medwarn {
    private static final String USAGE =
            """
            usage: ./medwarn COMMAND [options]

              local     start broker, search node, monitoring job, console and a generated county's feed
              soak      the local stack fed at a steady rate, reporting every minute
                        --rate R [--minutes 10] [--probes 1] [--data-dir data/soak]
                        [--kafka-port 9192] [--search-port 9292] [--console-port 8180]
                        [--flink-port 8181] [--persons N] [--parallelism 2]
              console   the web console (overview, warning queue, triage) over the search engine
                        [--search http://127.0.0.1:9200] [--port 8080] [--log FILE]
                        [--users users.yaml] [--kafka HOST:PORT] [--data-dir data/console]
                        [--session-idle-minutes 30] [--secure-cookies true|false]
              hash-password  a console user's password hash (PBKDF2-HMAC-SHA256), from the
                        terminal or one line of stdin [--iterations 600000]
              job       run the monitoring job against a Kafka cluster
              setup     create the Kafka topics (and search index templates) of a deployment
                        --bootstrap-servers HOST:PORT [--partitions 12]
                        [--replication-factor 1] [--search URL]
              generate  a synthetic 冠县 (calibrated): registry and a year of settlements
                        [--persons 800000] [--year 2022] [--seed 42] (--out DIR | --kafka HOST:PORT)
                        [--speed X | --rate R] [--settlements M] [--expected]
              sample    the same as generate
              replay    run the monitoring workflow over JSON Lines files
                        --settlements S.jsonl [--persons P.jsonl] [--policy policy.yaml]
                        --out DIR [--parallelism N] [--policy-history A.yaml,B.yaml]
              bench     throughput and latency against the limit and the peers (BENCHMARKS.md)
                        [--quick] [--persons N] [--settlements M] [--contenders ...]
              backtest  run several policies over the same files and compare them
                        --settlements S.jsonl [--persons P.jsonl] --policy A.yaml
                        --policy B.yaml [...] --out DIR [--parallelism N]
                        or over Kafka topics: --kafka HOST:PORT --from yyyy-MM-dd
                        --to yyyy-MM-dd (setl_time, China time, inclusive) instead of files
              policy    publish FILE --bootstrap-servers HOST:PORT: validate a policy
                        and publish it to the policies topic (live update)
              dead-letters replay --bootstrap-servers HOST:PORT --reason R[,R...]
                        [--from TIME] [--to TIME] [--source TOPIC] [--dry-run]: re-publish
                        the raw bytes of chosen dead letters to their input topic (after a fix)
            """;

    private Medwarn() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "replay" -> ReplayCommand.run(rest, out);
                case "job" -> org.medwarn.job.MonitoringJob.main(rest);
                case "local" -> LocalCommand.run(rest, out);
                case "soak" -> SoakCommand.run(rest, out);
                case "setup" -> SetupCommand.run(rest, out);
                case "generate", "sample" ->
                        org.medwarn.generate.GenerateCommand.run(args[0], rest, out);
                case "console" -> ConsoleCommand.run(rest, out);
                case "hash-password" -> org.medwarn.console.PasswordHash.main(rest);
                case "backtest" -> org.medwarn.backtest.BacktestCommand.run(rest, out);
                case "policy" -> org.medwarn.kafka.PolicyPublishCommand.run(rest, out);
                case "dead-letters" -> org.medwarn.kafka.DeadLetterReplayCommand.run(rest, out);
                default -> {
                    err.println("medwarn: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (Args.UsageException | InvalidPolicyException e) {
            err.println("medwarn " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("medwarn " + args[0] + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
