package io.sphaera.firmware.board;

/** A board configuration that cannot be used; the message names the field and the reason. */
public final class BoardConfigException extends Exception {
    public BoardConfigException(String field, String reason) {
        super("board configuration: " + (field.isEmpty() ? "" : field + ": ") + reason);
    }
}
