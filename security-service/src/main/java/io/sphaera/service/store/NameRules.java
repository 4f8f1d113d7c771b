package io.sphaera.service.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The platform's rule for tenant, product and device group names: letters, digits and spaces, 1 to 50 characters
 * once trimmed. Letters are ASCII only, so "unique ignoring case" means the same thing on every database and locale.
 */
public final class NameRules {
    public static final int MAX_LENGTH = 50;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9 ]+");

    private NameRules() {}

    /**
     * The name as it is kept (trimmed).
     *
     * @param field the request field the name came from, for the error
     * @throws InvalidNameException if the name breaks the rule
     */
    public static String check(String field, String name) {
        if (name == null) {
            throw new InvalidNameException(field, "a name is required");
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidNameException(field, "a name may not be empty");
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw new InvalidNameException(
                    field, "a name has at most " + MAX_LENGTH + " characters, this one has " + trimmed.length());
        }
        if (!ALLOWED.matcher(trimmed).matches()) {
            throw new InvalidNameException(field, "a name may hold only letters, digits and spaces: \"" + trimmed + "\"");
        }
        return trimmed;
    }

    /** What two names are compared by for uniqueness. */
    public static String key(String checkedName) {
        return checkedName.toLowerCase(Locale.ROOT);
    }
}
