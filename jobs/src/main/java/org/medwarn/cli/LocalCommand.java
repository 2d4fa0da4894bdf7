package org.medwarn.cli;

import java.io.PrintStream;

/** Placeholder replaced below. */
final class LocalCommand {
    private LocalCommand() {}

    static void run(String[] args, PrintStream out) {
        throw new Args.UsageException("local: not yet available");
    }
}
