package io.sphaera.service.http;

/** An endpoint that answers with bytes rather than JSON; {@code range} is the request's Range header, if any. */
@FunctionalInterface
public interface BinaryRoute {
    BinaryReply handle(ApiRequest request, String range) throws ApiException;
}
