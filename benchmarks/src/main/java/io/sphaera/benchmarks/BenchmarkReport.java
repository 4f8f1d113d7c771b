package io.sphaera.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the package-verification benchmark and writes its section of docs/benchmarks.md: each figure beside the raw
 * cost measured in the same run, as a ratio, with the machine, JDK and date.
 */
public final class BenchmarkReport {
    private static final String BEGIN = "<!-- BEGIN package-verification (written by scripts/bench) -->";
    private static final String END = "<!-- END package-verification -->";

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        Path doc = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Options options = new OptionsBuilder()
                .include(PackageVerificationBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        // payload bytes -> benchmark name -> (score, error) in microseconds per operation
        Map<Integer, Map<String, double[]>> table = new TreeMap<>();
        for (RunResult r : results) {
            int payload = Integer.parseInt(r.getParams().getParam("payloadBytes"));
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            table.computeIfAbsent(payload, k -> new TreeMap<>())
                    .put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        StringBuilder section = new StringBuilder();
        section.append(BEGIN).append("\n");
        section.append("## Verifying an image package\n\n");
        section.append("`scripts/bench` — JMH, average time per operation, 1 fork, 3 warm-up and ").append(iterations)
                .append(" measured iterations of 1 s; ± is JMH's 99.9% error.\n\n");
        section.append("- Date: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n');
        section.append("- Machine: ").append(Machine.describe()).append('\n');
        section.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version")).append("\n\n");
        section.append("| payload | verify package (parse + SHA-256 + ECDSA) | raw SHA-256 + one ECDSA verify | ratio | throughput |\n");
        section.append("|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Integer, Map<String, double[]>> row : table.entrySet()) {
            double[] verify = row.getValue().get("verifyPackage");
            double[] raw = row.getValue().get("rawSha256AndEcdsaVerify");
            double mbPerSecond = row.getKey() / verify[0];
            section.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3fx | %.0f MB/s |%n", size(row.getKey()),
                    micros(verify), micros(raw), verify[0] / raw[0], mbPerSecond));
        }
        section.append("\nGoal (issue 2): verification costs at most 1.1x the raw work.\n");
        section.append(END).append("\n");
        write(doc, section.toString());
        System.out.println(section);
    }

    private static String size(int bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    private static String micros(double[] scoreAndError) {
        return String.format(Locale.ROOT, "%,.1f ± %,.1f µs", scoreAndError[0], scoreAndError[1]);
    }

    /** Replaces this benchmark's section of the document, keeping every other section. */
    private static void write(Path doc, String section) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + section + text.substring(end + END.length()).replaceFirst("^\\n", "");
        } else {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
        }
        Files.writeString(doc, text);
    }

    /** The processor model and core count, from /proc/cpuinfo where there is one. */
    static final class Machine {
        static String describe() {
            String cpu = System.getProperty("os.arch");
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).map(l -> l.replaceAll(".*:\\s*", ""))
                        .max(Comparator.naturalOrder()).orElse(cpu);
            } catch (IOException | RuntimeException ignored) {
                // Not Linux: the architecture name is what we have.
            }
            long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
            return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                    + " " + System.getProperty("os.version") + " (benchmark heap " + heapMiB + " MiB)";
        }
    }
}
