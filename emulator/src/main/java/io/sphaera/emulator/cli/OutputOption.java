package io.sphaera.emulator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * `--output table|json|csv`: how a list or a shown thing is printed. Tables for people (a list as rows, one thing as
 * field and value lines); JSON (the service's documents, a list as an array) and CSV (a header line of the
 * documents' field names, then one row per thing) for scripts.
 */
final class OutputOption {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    String output;

    private String format() {
        String f = output.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("table") && !f.equals("json") && !f.equals("csv")) {
            throw CliFailure.invalidInput("--output '" + output + "' is not table, json or csv");
        }
        return f;
    }

    /** Fails before anything is done when the format is not one of the three. */
    void check() {
        format();
    }

    /** Whether the output is for people, so a command may add a line of advice. */
    boolean human() {
        return format().equals("table");
    }

    void printList(PrintWriter out, List<Column> columns, List<JsonNode> items, String noun) {
        switch (format()) {
            case "json" -> {
                ArrayNode array = JSON.createArrayNode();
                items.forEach(array::add);
                out.println(json(array));
            }
            case "csv" -> csv(out, columns, items);
            default -> {
                table(out, columns, items);
                out.println(items.size() + " " + noun + (items.size() == 1 ? "" : "s"));
            }
        }
    }

    void printOne(PrintWriter out, List<Column> columns, JsonNode item) {
        switch (format()) {
            case "json" -> out.println(json(item));
            case "csv" -> csv(out, columns, List.of(item));
            default -> {
                int width = columns.stream().mapToInt(c -> c.header().length()).max().orElse(0) + 1;
                for (Column c : columns) {
                    String v = c.value().apply(item);
                    out.printf("%-" + width + "s %s%n", title(c.header()) + ":", v.isEmpty() ? "-" : v);
                }
            }
        }
    }

    private static void table(PrintWriter out, List<Column> columns, List<JsonNode> items) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).header().length();
            for (JsonNode item : items) {
                widths[i] = Math.max(widths[i], cell(columns.get(i), item).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            pad(header, columns.get(i).header(), widths[i], i == widths.length - 1);
        }
        out.println(header.toString().stripTrailing());
        for (JsonNode item : items) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                pad(row, cell(columns.get(i), item), widths[i], i == widths.length - 1);
            }
            out.println(row.toString().stripTrailing());
        }
    }

    private static String cell(Column c, JsonNode item) {
        String v = c.value().apply(item);
        return v.isEmpty() ? "-" : v;
    }

    private static void pad(StringBuilder line, String value, int width, boolean last) {
        line.append(value);
        if (!last) {
            line.append(" ".repeat(width - value.length() + 2));
        }
    }

    private static void csv(PrintWriter out, List<Column> columns, List<JsonNode> items) {
        out.println(String.join(",", columns.stream().map(c -> quote(c.key())).toList()));
        for (JsonNode item : items) {
            out.println(String.join(",", columns.stream().map(c -> quote(c.value().apply(item))).toList()));
        }
    }

    /** RFC 4180: a value with a comma, quote or line break goes in quotes, its quotes doubled. */
    private static String quote(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** "OS FEED" as "Os Feed"; "ID" stays "ID". */
    private static String title(String header) {
        StringBuilder b = new StringBuilder();
        for (String word : header.split(" ")) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(word.length() <= 2 ? word : word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new CliFailure(ExitCode.INTERNAL, "cannot print JSON: " + e.getMessage(), e);
        }
    }
}
