package io.sphaera.emulator.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows under a header, each column as wide as its widest cell, two spaces apart; an empty cell shows as "-". */
final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (String c : cells) {
            row.add(c == null || c.isEmpty() ? "-" : c);
        }
        rows.add(row);
        return this;
    }

    /** Prints the header and the rows, each line after {@code indent}. */
    void print(PrintWriter out, String indent) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, indent, header, widths);
        rows.forEach(row -> line(out, indent, row, widths));
    }

    private static void line(PrintWriter out, String indent, List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            b.append(cells.get(i));
            if (i < cells.size() - 1) {
                b.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
