package io.sphaera.service.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.service.store.ConflictException;
import io.sphaera.service.store.InvalidInputException;
import io.sphaera.service.store.NotFoundException;
import io.sphaera.service.store.StoreException;

/** A request refused with a status and a one-line reason, sent as {"error": ..., "code": ...}. */
public final class ApiException extends Exception {
    private final HttpResponseStatus status;
    private final String code;

    public ApiException(HttpResponseStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "BadRequest", message);
    }

    /** The store's refusal as the 4xx that names the field at fault; its own failure as 503, without details. */
    public static ApiException of(StoreException e) {
        return switch (e) {
            case NotFoundException n -> new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound", n.getMessage());
            case ConflictException c -> new ApiException(HttpResponseStatus.CONFLICT, "Conflict", c.getMessage());
            case InvalidInputException i -> badRequest(i.getMessage());
            default -> new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "StoreUnavailable", "the service's store failed");
        };
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
