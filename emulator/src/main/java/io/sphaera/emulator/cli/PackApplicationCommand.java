package io.sphaera.emulator.cli;

import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.PackagePath;
import io.sphaera.firmware.manifest.AppManifest;
import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.firmware.manifest.ManifestException;
import io.sphaera.firmware.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera image-package pack-application`: an app's manifest and executable, validated, packed and signed. */
@Command(name = "pack-application", mixinStandardHelpOptions = true,
        description = {"Validate an app's manifest, pack it with its executable and sign the package.",
                "'$NAME' values in the manifest are resolved through the hardware definitions and packed as raw values."})
final class PackApplicationCommand implements Runnable {
    private static final int MAX_FILES = 64;

    static final class Inputs {
        @Option(names = "--package-directory", required = true, paramLabel = "DIR",
                description = "A directory holding app_manifest.json and the executable at its EntryPoint; every file in it is packed.")
        Path directory;

        @ArgGroup(exclusive = false)
        Separate separate;
    }

    static final class Separate {
        @Option(names = {"--manifest", "--application-manifest"}, required = true, paramLabel = "FILE",
                description = "The app manifest, when not packing a directory.")
        Path manifest;

        @Option(names = {"--executable", "--executables"}, required = true, paramLabel = "FILE",
                description = "The executable, packed at the manifest's EntryPoint.")
        Path executable;
    }

    private final CliContext context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    @Option(names = "--hardware-definitions", paramLabel = "DIR", split = ",",
            description = "Directories of hardware definition JSON files for '$NAME' values (default: the MT3620 definitions shipped with Sphaera).")
    List<Path> hardwareDefinitions = new ArrayList<>();

    @Option(names = "--abi-depends", paramLabel = "N", split = ",",
            description = "ABI versions the app needs, e.g. 1,5,3.")
    List<Integer> abiDepends = new ArrayList<>();

    @Mixin
    PackingOptions packing;

    PackApplicationCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        CliFiles.checkWritable(packing.output, true, "output file", Arrays.asList(packing.signingKey, inputs.directory == null
                ? inputs.separate.manifest : null, inputs.directory == null ? inputs.separate.executable : null));
        if (inputs.directory != null && packing.output.toAbsolutePath().normalize().startsWith(inputs.directory.toAbsolutePath().normalize())) {
            throw CliFailure.invalidInput("output file " + packing.output + " is inside the package directory, whose every file is packed");
        }
        Path manifestPath = inputs.directory != null ? inputs.directory.resolve(AppManifestParser.FILE) : inputs.separate.manifest;
        if (inputs.directory != null && !Files.isDirectory(inputs.directory)) {
            throw CliFailure.invalidInput("package directory " + inputs.directory + " does not exist");
        }
        byte[] manifestBytes = CliFiles.read(manifestPath, AppManifestParser.MAX_MANIFEST_BYTES, "application manifest");
        HardwareDefinitions definitions;
        AppManifest manifest;
        try {
            definitions = hardwareDefinitions.isEmpty() ? HardwareDefinitions.shipped() : HardwareDefinitions.load(hardwareDefinitions);
            manifest = new AppManifestParser(definitions).parse(manifestBytes);
        } catch (ManifestException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        if (abiDepends.size() > 16 || abiDepends.stream().anyMatch(v -> v < 0)) {
            throw CliFailure.invalidInput("--abi-depends takes at most 16 non-negative numbers");
        }
        Map<String, byte[]> files = inputs.directory != null ? directoryFiles(inputs.directory) : new LinkedHashMap<>();
        if (inputs.directory == null) {
            files.put(manifest.executablePath(), CliFiles.read(inputs.separate.executable, ApplicationPackage.MAX_BYTES, "executable"));
        } else if (!files.containsKey(manifest.executablePath())) {
            throw CliFailure.invalidInput("EntryPoint " + manifest.entryPoint() + ": " + inputs.directory.resolve(manifest.executablePath())
                    + " does not exist");
        }
        if (files.get(manifest.executablePath()).length == 0) {
            throw CliFailure.invalidInput("the executable for EntryPoint " + manifest.entryPoint() + " is empty");
        }
        files.put(AppManifestParser.FILE, manifest.toJson());

        SigningKey key = packing.key();
        byte[] bytes;
        try {
            ImagePackageBuilder builder = packing.stamp(new ImagePackageBuilder(ImageKind.APPLICATIONS, manifest.componentId()), context)
                    .buildName(manifest.name())
                    .abiDepends(abiDepends);
            files.forEach((path, data) -> builder.addFile(path, data, path.equals(manifest.executablePath())));
            bytes = builder.sign(key);
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        ImagePackage packed;
        try {
            // Read back what was made, by the same rules a device applies, before anyone else sees it.
            packed = ApplicationPackage.of(ImagePackage.parse(bytes)).image();
        } catch (ImagePackageFormatException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        CliFiles.write(packing.output, bytes, true, false, "output file");
        context.out().println("Packed " + packing.output + " (" + bytes.length + " bytes)");
        context.out().println("  Component ID: " + packed.metadata().componentId());
        context.out().println("  Image ID:     " + packed.metadata().imageId());
        context.out().println("  Signed by:    " + key.id());
    }

    private static Map<String, byte[]> directoryFiles(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw CliFailure.invalidInput("package directory " + dir + " cannot be read: " + e.getMessage(), e);
        }
        if (paths.size() > MAX_FILES) {
            throw CliFailure.invalidInput("package directory " + dir + " has " + paths.size() + " files; a package holds at most " + MAX_FILES);
        }
        long total = 0;
        for (Path p : paths) {
            String relative = dir.relativize(p).toString().replace('\\', '/');
            if (relative.equals(AppManifestParser.FILE)) {
                continue;
            }
            PackagePath.problem(relative).ifPresent(problem -> {
                throw CliFailure.invalidInput("package directory " + dir + ": " + problem);
            });
            byte[] data = CliFiles.read(p, ApplicationPackage.MAX_BYTES, "file");
            total += data.length;
            if (total > ApplicationPackage.MAX_BYTES) {
                throw CliFailure.invalidInput("package directory " + dir + " holds more than the " + ApplicationPackage.MAX_BYTES
                        + " bytes of app flash");
            }
            files.put(relative, data);
        }
        return files;
    }
}
