package org.medwarn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** What the benchmark ran on, and how busy the machine was (other builds share the cores). */
final class Machine {
    private Machine() {}

    /** Cores, CPU model, memory, JVM and date. */
    static String describe() {
        return String.format(
                "%d cores (%s), %d GiB RAM, Java %s, %s",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                memoryGiB(),
                System.getProperty("java.version"),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** The 1-minute load average, as {@code uptime} prints it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static long memoryGiB() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:"))
                            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                            .findFirst()
                            .orElse(0)
                    / (1024 * 1024);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
