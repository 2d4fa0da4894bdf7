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

              local     start broker, monitoring job and a sample feed on this machine
              console   the web console (overview, warning queue) over the search engine
                        [--search http://127.0.0.1:9200] [--port 8080] [--log FILE]
              job       run the monitoring job against a Kafka cluster
              sample    write a synthetic county's registry and settlements as JSON Lines
                        --persons N --settlements M [--year Y] [--seed S] --out DIR
              replay    run the monitoring workflow over JSON Lines files
                        --settlements S.jsonl [--persons P.jsonl] [--policy policy.yaml]
                        --out DIR [--parallelism N]
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
                case "sample" -> org.medwarn.sample.SampleCommand.run(rest, out);
                case "console" -> ConsoleCommand.run(rest, out);
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
