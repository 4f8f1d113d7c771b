package io.sphaera.emulator.cli;

import io.sphaera.peripherals.board.BoardDescription;
import io.sphaera.peripherals.board.BoardDescriptionException;
import io.sphaera.peripherals.board.BoardDescriptionReader;
import java.nio.file.Path;

/** `--board FILE`: the board description a command wires to the chip, the MT3620 RDB when none is given. */
final class BoardOption {
    private BoardOption() {
    }

    static BoardDescription read(Path file) {
        if (file == null) {
            return BoardDescription.mt3620Rdb();
        }
        try {
            return BoardDescriptionReader.read(file);
        } catch (BoardDescriptionException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }
}
