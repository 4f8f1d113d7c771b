package io.sphaera.emulator.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A span of the device's time on the command line: 500ms, 10s, 5m, 2h, 1d, or ISO-8601 (PT1M30S); up to 30 days. */
final class RunDuration {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    static final Duration MAX = Duration.ofDays(30);

    private RunDuration() {
    }

    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw CliFailure.invalidInput("--run-for '" + text + "' is not a duration such as 10s, 5m, 2h or PT1M");
            }
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX) > 0) {
            throw CliFailure.invalidInput("--run-for '" + text + "' is outside 1ms..30 days");
        }
        return d;
    }
}
