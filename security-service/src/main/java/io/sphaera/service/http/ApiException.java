package io.sphaera.service.http;

import io.netty.handler.codec.http.HttpResponseStatus;

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

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
