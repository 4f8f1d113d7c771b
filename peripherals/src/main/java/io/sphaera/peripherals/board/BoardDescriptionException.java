package io.sphaera.peripherals.board;

/**
 * A board description that cannot be used. The message is one line naming the source, the field and what is wrong:
 * {@code board.json: leds[2].pin: GPIO 25 does not exist}.
 */
public final class BoardDescriptionException extends RuntimeException {
    public BoardDescriptionException(String message) {
        super(message);
    }
}
