package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * An endpoint whose answer waits on something the event loop must not wait for (a durable commit): it does its work
 * on the event loop and returns the document to come. Answers on one connection still go out in request order.
 * The stage may fail with an {@link ApiException} for a refusal; anything else is answered as the service's failure.
 */
@FunctionalInterface
public interface DeferredRoute {
    CompletionStage<JsonNode> handle(ApiRequest request) throws ApiException;
}
