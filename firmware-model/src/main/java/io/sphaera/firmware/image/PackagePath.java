package io.sphaera.firmware.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for file paths inside a package: relative, '/'-separated, plain names, no "." or ".." parts. */
public final class PackagePath {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private PackagePath() {
    }

    /** Why the path is not allowed, or empty when it is. */
    public static Optional<String> problem(String path) {
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > PackageLayout.MAX_PATH_BYTES) {
            return Optional.of("a file path has 1 to " + PackageLayout.MAX_PATH_BYTES + " bytes");
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("file path '" + path + "' is not relative plain names separated by '/'");
            }
        }
        return Optional.empty();
    }
}
