package io.sphaera.emulator.console;

import com.fasterxml.jackson.databind.JsonNode;

/** Answers one control request: the command's result, or a one-line refusal. */
@FunctionalInterface
public interface ControlRequestHandler {
    JsonNode answer(String command, JsonNode arguments) throws ControlException;
}
