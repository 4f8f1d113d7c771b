package io.sphaera.service.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a list to return: at most {@code maxPageSize} items, after the place the continuation token marks
 * (from the start when it is absent).
 */
public record PageRequest(int maxPageSize, Optional<String> continuationToken) {
    public static final int MAX_PAGE_SIZE = 1000;

    public PageRequest {
        if (maxPageSize < 1 || maxPageSize > MAX_PAGE_SIZE) {
            throw new InvalidInputException(
                    "maxPageSize", "a page holds 1 to " + MAX_PAGE_SIZE + " items, not " + maxPageSize);
        }
        Objects.requireNonNull(continuationToken, "continuationToken");
    }

    public static PageRequest first(int maxPageSize) {
        return new PageRequest(maxPageSize, Optional.empty());
    }

    /** The page after {@code page}, of the same size; call only when the page has a continuation token. */
    public PageRequest next(Page<?> page) {
        return new PageRequest(maxPageSize, page.continuationToken());
    }
}
