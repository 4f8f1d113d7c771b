package io.sphaera.emulator.cli;

import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.boot.MeasurementEvent;
import io.sphaera.pluton.boot.StageResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Prints a boot as a person reads it: each stage with its verdict and cost, the outcome, the measurements. */
final class BootReportView {
    private BootReportView() {
    }

    static void print(BootReport r, PrintWriter out) {
        out.printf("  %-22s %-8s %-8s %-14s %12s %12s%n", "stage", "slot", "verdict", "version", "virtual", "wall");
        for (StageResult a : r.attempts()) {
            String version = a.image().map(m -> m.version().text() + " (SV " + m.securityVersion() + ")").orElse("-");
            out.printf("  %-22s %-8s %-8s %-14s %12s %12s%n", cut(a.stage(), 22), a.slot(), a.verdict(), version,
                    millis(a.virtualCost()), millis(Duration.ofNanos(a.wallNanos())));
            if (!a.reason().isEmpty()) {
                out.println("      refused: " + a.reason());
            }
        }
        out.printf("Outcome: %s%s, %s on the chip (virtual), %s of host time%n", r.outcome(),
                r.osVersion().map(v -> ", OS " + v).orElse(""), millis(r.virtualTime()), millis(Duration.ofNanos(r.wallNanos())));
        List<byte[]> registers = r.measurements().registers();
        out.println("Measurements:");
        for (int i = 0; i < registers.size(); i++) {
            int register = i;
            long events = r.measurements().events().stream().filter((MeasurementEvent e) -> e.register() == register).count();
            out.printf("  M%d %s  (%d image%s)%n", i, HexFormat.of().formatHex(registers.get(i)), events, events == 1 ? "" : "s");
        }
        out.println("  event log " + HexFormat.of().formatHex(r.measurements().eventLogDigest()));
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
