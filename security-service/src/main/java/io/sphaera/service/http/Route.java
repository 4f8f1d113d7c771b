package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;

/** One endpoint: a request in, a JSON document out, or an {@link ApiException} naming why not. */
@FunctionalInterface
public interface Route {
    JsonNode handle(ApiRequest request) throws ApiException;
}
