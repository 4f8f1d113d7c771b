package io.sphaera.emulator.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reading inputs with a size bound and writing outputs all-or-nothing: an output appears whole under its name or
 * not at all, so a failed command leaves what was there before.
 */
final class CliFiles {
    private CliFiles() {
    }

    static byte[] read(Path file, long maxBytes, String what) {
        try {
            if (Files.isDirectory(file)) {
                throw CliFailure.invalidInput(what + " " + file + " is a directory, not a file");
            }
            long size = Files.size(file);
            if (size > maxBytes) {
                throw CliFailure.invalidInput(what + " " + file + " has " + size + " bytes, more than the limit of " + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliFailure.invalidInput(what + " " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw CliFailure.invalidInput(what + " " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw CliFailure.invalidInput(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void write(Path file, byte[] bytes, boolean replace, String what) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw CliFailure.invalidInput(what + " " + file + " is a directory");
        }
        if (!replace && Files.exists(target)) {
            throw CliFailure.invalidInput(what + " " + file + " already exists (give --force to replace it)");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliFailure.invalidInput("the directory of " + what + " " + file + " does not exist");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (FileAlreadyExistsException e) {
            throw CliFailure.invalidInput(what + " " + file + " already exists");
        } catch (IOException e) {
            throw CliFailure.invalidInput(what + " " + file + " cannot be written: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The temporary file is hidden and named .partial; nothing else depends on removing it.
                }
            }
        }
    }
}
