package io.sphaera.emulator.cli;

import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Loads PEM key files for commands, turning every problem into an invalid-input failure that names the file. */
final class KeyFiles {
    private static final long MAX_KEY_FILE = 64 * 1024;

    private KeyFiles() {
    }

    static SigningKey signingKey(Path file) {
        String text = new String(CliFiles.read(file, MAX_KEY_FILE, "signing key"), StandardCharsets.UTF_8);
        try {
            return PemKeys.decodePrivate(text);
        } catch (KeyFormatException e) {
            throw CliFailure.invalidInput("signing key " + file + ": " + e.getMessage(), e);
        }
    }

    static VerificationKey verificationKey(Path file) {
        String text = new String(CliFiles.read(file, MAX_KEY_FILE, "trusted key"), StandardCharsets.UTF_8);
        try {
            return PemKeys.decodePublic(text);
        } catch (KeyFormatException e) {
            throw CliFailure.invalidInput("trusted key " + file + ": " + e.getMessage(), e);
        }
    }
}
