package io.sphaera.emulator.cli;

import io.sphaera.firmware.board.BoardConfig;
import io.sphaera.firmware.board.BoardConfigException;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.SigningKey;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera image-package pack-board-config`: a customer board configuration image. */
@Command(name = "pack-board-config", mixinStandardHelpOptions = true,
        description = "Pack and sign a board configuration image (kind CustomerBoardConfig) from a preset or a JSON file.")
final class PackBoardConfigCommand implements Runnable {
    private static final long MAX_CONFIG_BYTES = 64 * 1024;

    static final class Source {
        @Option(names = "--preset", paramLabel = "NAME", description = "A preset: lan-enc28j60-isu0-int5.")
        String preset;

        @Option(names = "--board-config-file", paramLabel = "FILE",
                description = "A JSON file: {\"Name\", \"ComponentId\", \"Ethernet\": {\"Chip\", \"Isu\", \"InterruptGpio\"}}.")
        Path file;
    }

    private final CliContext context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    PackingOptions packing;

    PackBoardConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        CliFiles.checkWritable(packing.output, true, "output file", Arrays.asList(packing.signingKey, source.file));
        BoardConfig config;
        if (source.preset != null) {
            config = BoardConfig.preset(source.preset).orElseThrow(() -> CliFailure.invalidInput("--preset '" + source.preset
                    + "' is not one of " + String.join(", ", BoardConfig.presetNames())));
        } else {
            try {
                config = BoardConfig.parse(CliFiles.read(source.file, MAX_CONFIG_BYTES, "board configuration"));
            } catch (BoardConfigException e) {
                throw CliFailure.invalidInput(source.file + ": " + e.getMessage(), e);
            }
        }
        SigningKey key = packing.key();
        byte[] bytes;
        try {
            bytes = packing.stamp(new ImagePackageBuilder(ImageKind.CUSTOMER_BOARD_CONFIG, config.componentId()), context)
                    .buildName(config.name())
                    .addFile(BoardConfig.FILE, config.toJson(), false)
                    .sign(key);
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        CliFiles.write(packing.output, bytes, true, false, "output file");
        context.out().println("Packed " + packing.output + " (" + bytes.length + " bytes)");
        context.out().println("  Component ID: " + config.componentId());
        context.out().println("  Signed by:    " + key.id());
    }
}
