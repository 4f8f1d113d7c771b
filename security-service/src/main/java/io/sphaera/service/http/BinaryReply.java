package io.sphaera.service.http;

import java.util.Map;

/** A non-JSON answer (image bytes): its status, body and extra headers (Content-Range, Accept-Ranges). */
public record BinaryReply(int status, byte[] body, Map<String, String> headers) {
}
