package io.sphaera.service.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The continuation token of a list: where the previous page stopped (the last item's creation sequence) and which
 * list it belongs to, so a token of one list, tenant or group is refused by every other. Opaque to clients; not a
 * secret (a forged token can only skip within a list its holder may read anyway).
 */
final class PageToken {
    private static final String VERSION = "1";
    private static final int MAX_TOKEN_LENGTH = 512;

    private PageToken() {}

    static String encode(String scope, long lastSequence) {
        String plain = VERSION + "|" + scope + "|" + lastSequence;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sequence the previous page stopped at.
     *
     * @throws InvalidInputException if the token is malformed or belongs to another list
     */
    static long decode(String scope, String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw refused();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        String prefix = VERSION + "|" + scope + "|";
        if (!plain.startsWith(prefix)) {
            throw refused();
        }
        String digits = plain.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw refused();
        }
        return Long.parseLong(digits);
    }

    private static InvalidInputException refused() {
        return new InvalidInputException("continuationToken", "not a continuation token of this list");
    }
}
