package io.sphaera.firmware.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A release version as people write it: one to four dot-separated numbers ("1.4.0", or "24.06" for an OS
 * release). Ordered number by number, so "24.10" follows "24.06" and "1.10" follows "1.9"; missing parts count as 0.
 */
public record ImageVersion(String text) implements Comparable<ImageVersion> {
    /** Longest text the version section holds (its 32-byte field keeps a terminating NUL). */
    public static final int MAX_BYTES = 31;
    private static final Pattern SHAPE = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");

    public ImageVersion {
        if (!isValid(text)) {
            throw new IllegalArgumentException(
                    "a version is one to four dot-separated numbers of up to 9 digits, e.g. 1.0.0 or 24.06: '" + text + "'");
        }
    }

    public static ImageVersion parse(String text) {
        return new ImageVersion(text);
    }

    public static boolean isValid(String text) {
        return SHAPE.matcher(text).matches() && text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private long[] parts() {
        return Arrays.stream(text.split("\\.")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public int compareTo(ImageVersion other) {
        long[] a = parts();
        long[] b = other.parts();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Long.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
