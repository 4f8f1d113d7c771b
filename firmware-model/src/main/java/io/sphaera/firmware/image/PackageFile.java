package io.sphaera.firmware.image;

/**
 * One file in a package's body, located by offset into the package bytes so that parsing copies nothing.
 *
 * @param path       relative path, '/'-separated, e.g. "bin/app"
 * @param executable whether the file is marked executable
 * @param offset     where its bytes start within the package
 * @param length     how many bytes it has
 */
public record PackageFile(String path, boolean executable, int offset, int length) {
}
