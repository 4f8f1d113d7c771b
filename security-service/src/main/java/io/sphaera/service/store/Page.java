package io.sphaera.service.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, in the list's order. The continuation token, when present, asks for the next page; it is
 * absent on the last page, so an empty trailing page is never needed.
 */
public record Page<T>(List<T> items, Optional<String> continuationToken) {
    public Page {
        items = List.copyOf(items);
    }
}
