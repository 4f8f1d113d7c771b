package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpRequest;

/** One endpoint: a request (its JSON body already parsed, or null) in, a JSON document out. */
@FunctionalInterface
public interface Route {
    JsonNode handle(FullHttpRequest request, JsonNode body) throws ApiException;
}
