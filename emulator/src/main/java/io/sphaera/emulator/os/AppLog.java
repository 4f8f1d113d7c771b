package io.sphaera.emulator.os;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * An app's log: what it writes with Log_Debug and to its standard output and error, as lines. Each line also goes
 * to an optional listener (the console of `device run`). It keeps the last {@link #KEPT_LINES} lines, and a line
 * without a newline is cut at {@link #MAX_LINE} characters, so that an app writing for ever cannot fill the host.
 */
public final class AppLog {
    static final int KEPT_LINES = 10_000;
    static final int MAX_LINE = 4096;
    private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();
    private final Consumer<String> listener;

    public AppLog(Consumer<String> listener) {
        this.listener = listener;
    }

    public AppLog() {
        this(line -> { });
    }

    /** Text the app wrote; a line ends at a newline, and text without one waits for the next write. */
    public synchronized void write(String text) {
        pending.append(text);
        int end;
        while ((end = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, end);
            pending.delete(0, end + 1);
            add(line);
        }
        while (pending.length() >= MAX_LINE) {
            String line = pending.substring(0, MAX_LINE);
            pending.delete(0, MAX_LINE);
            add(line);
        }
    }

    private void add(String line) {
        if (lines.size() == KEPT_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
        listener.accept(line);
    }

    private final StringBuilder pending = new StringBuilder();

    /** Whatever is left without a newline becomes a line (the app exited). */
    public synchronized void flush() {
        if (!pending.isEmpty()) {
            write("\n");
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** A stream for the app's standard output or error (WASI fd 1 and 2). */
    OutputStream stream() {
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                AppLog.this.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public synchronized void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }
}
