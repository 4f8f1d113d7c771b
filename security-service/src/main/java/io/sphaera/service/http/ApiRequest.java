package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A request as a route sees it: the values of the path's {} segments in order, the query parameters, the JSON body
 * (or null; only for a JSON content type), the raw body, the bearer token, if any, and the device the connection's
 * client certificate proved, if any.
 */
public record ApiRequest(String method, List<String> pathParams, Map<String, List<String>> query, JsonNode body,
                         byte[] content, Optional<String> bearer, Supplier<Optional<String>> peerDevice) {
    /** The device the client certificate proves, judged when a route first asks (most routes never do). */
    public Optional<String> device() {
        return peerDevice.get();
    }

    public String param(int i) {
        return pathParams.get(i);
    }

    public Optional<String> queryValue(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
