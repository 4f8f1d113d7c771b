package io.sphaera.emulator.network;

import com.fasterxml.jackson.databind.JsonNode;

/** A response from the security service: its status, its JSON document (for JSON replies) and its raw bytes. */
public record ServiceReply(int status, JsonNode body, byte[] bytes) {
    public boolean ok() {
        return status == 200;
    }

    /** The service's one-line reason for a refusal. */
    public String error() {
        return body == null ? "HTTP " + status : body.path("error").asText("HTTP " + status);
    }
}
