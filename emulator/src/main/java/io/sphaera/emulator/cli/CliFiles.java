package io.sphaera.emulator.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Set;

/**
 * Reading inputs with a size bound and writing outputs all-or-nothing: an output appears whole under its name or
 * not at all, so a failed command leaves what was there before.
 */
final class CliFiles {
    private static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");

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

    /**
     * Checks, before anything is written, that a file could be written there: a file name in an existing
     * directory, not a directory itself, not an existing file unless it may be replaced, and none of the inputs.
     */
    static void checkWritable(Path file, boolean replace, String what, Collection<Path> inputs) {
        Path target = file.toAbsolutePath().normalize();
        if (file.toString().isEmpty() || target.getFileName() == null) {
            throw CliFailure.invalidInput(what + " '" + file + "' is not a file name");
        }
        if (Files.isDirectory(target)) {
            throw CliFailure.invalidInput(what + " " + file + " is a directory");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliFailure.invalidInput("the directory of " + what + " " + file + " does not exist");
        }
        if (!replace && Files.exists(target)) {
            throw CliFailure.invalidInput(what + " " + file + " already exists (give --force to replace it)");
        }
        for (Path input : inputs) {
            if (input != null && sameFile(target, input.toAbsolutePath().normalize())) {
                throw CliFailure.invalidInput(what + " " + file + " is also an input of this command");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the file whole or not at all; secret files are readable by their owner only. */
    static void write(Path file, byte[] bytes, boolean replace, boolean secret, String what) {
        checkWritable(file, replace, what, Set.of());
        Path target = file.toAbsolutePath().normalize();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
            Files.write(temp, bytes);
            if (Files.getFileAttributeView(temp, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temp, secret ? SECRET : SHARED);
            }
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

    /** Deletes a folder and everything in it, as far as it can: for work folders a command made and no longer needs. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // what is left is a work folder nothing reads again
        }
    }
}
