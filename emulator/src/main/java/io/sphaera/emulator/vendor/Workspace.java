package io.sphaera.emulator.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.identity.DeviceId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A folder holding one vendor's world: its PKI (vendor/), its OS releases (os/VERSION/), the trusted key store
 * image devices are made with, and the devices themselves (devices/ID/). Made on first use; refused with one clear
 * line when it is damaged or is not a workspace.
 */
public final class Workspace {
    public static final String FORMAT = "sphaera-workspace/1";
    public static final String DEFAULT_OS_VERSION = "25.02";
    private static final String MARKER = "workspace.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Vendor vendor;
    private final String factoryOsVersion;

    private Workspace(Path root, Vendor vendor, String factoryOsVersion) {
        this.root = root;
        this.vendor = vendor;
        this.factoryOsVersion = factoryOsVersion;
    }

    public static boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(MARKER));
    }

    /** Makes a workspace in an empty or missing folder: the vendor PKI, the trusted key store and the factory release. */
    public static Workspace create(Path root, InstantSource clock, RandomGenerator random, String osVersion,
                                   SystemRelease.Sizes sizes) throws WorkspaceException {
        Path target = root.toAbsolutePath().normalize();
        Path partial = null;
        try {
            if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
                throw new WorkspaceException(root + " is not empty and holds no Sphaera workspace; give an empty or new folder");
            }
            Files.createDirectories(target.getParent());
            // Built beside its place and moved in whole, so a failure leaves the folder as it was.
            byte[] tag = new byte[6];
            random.nextBytes(tag);
            partial = target.resolveSibling("." + target.getFileName() + ".partial-" + java.util.HexFormat.of().formatHex(tag));
            Files.createDirectories(partial);
            Vendor vendor = Vendor.create(partial.resolve("vendor"), clock, random);
            Files.write(partial.resolve("vendor/trusted-key-store.imagepackage"),
                    vendor.trustedKeyStoreImage(1, clock.instant().truncatedTo(ChronoUnit.SECONDS), random));
            new Workspace(partial, vendor, osVersion).addRelease(
                    SystemRelease.build(vendor, osVersion, 1, sizes, clock.instant().truncatedTo(ChronoUnit.SECONDS), random));
            Files.createDirectories(partial.resolve("devices"));
            ObjectNode marker = JSON.createObjectNode().put("Format", FORMAT).put("FactoryOsVersion", osVersion);
            Files.write(partial.resolve(MARKER), JSON.writeValueAsBytes(marker));
            Files.deleteIfExists(target);
            Files.move(partial, target);
            partial = null;
            return open(root);
        } catch (IOException | IllegalArgumentException e) {
            throw new WorkspaceException("cannot create the workspace in " + root + ": " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                deleteTree(partial);
            }
        }
    }

    public static Workspace open(Path root) throws WorkspaceException {
        Path marker = root.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            throw new WorkspaceException(root + " is not a Sphaera workspace (no " + MARKER + "); run 'sphaera vendor init'");
        }
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(marker));
        } catch (IOException e) {
            throw new WorkspaceException(marker + " is damaged: " + e.getMessage(), e);
        }
        if (node == null || !FORMAT.equals(node.path("Format").asText())) {
            throw new WorkspaceException(marker + " is not a " + FORMAT + " workspace");
        }
        return new Workspace(root, Vendor.load(root.resolve("vendor")), node.path("FactoryOsVersion").asText(DEFAULT_OS_VERSION));
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A hidden ".partial" folder is never taken for a workspace.
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    public Path root() {
        return root;
    }

    public Vendor vendor() {
        return vendor;
    }

    public String factoryOsVersion() {
        return factoryOsVersion;
    }

    public byte[] trustedKeyStoreImage() throws WorkspaceException {
        try {
            return Files.readAllBytes(root.resolve("vendor/trusted-key-store.imagepackage"));
        } catch (IOException e) {
            throw new WorkspaceException("the workspace's trusted key store image is missing: " + e.getMessage(), e);
        }
    }

    /** Adds a release; a version once released is never replaced, or devices would measure one version two ways. */
    public void addRelease(SystemRelease release) throws WorkspaceException {
        Path dir = root.resolve("os").resolve(release.version());
        if (Files.exists(dir)) {
            throw new WorkspaceException("OS release " + release.version() + " already exists in " + dir + "; give a new version");
        }
        try {
            Files.createDirectories(dir);
            for (BootStage stage : BootStage.values()) {
                Files.write(dir.resolve(fileName(stage)), release.images().get(stage));
            }
            Files.write(dir.resolve("release.json"), JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("Version", release.version()).put("SecurityVersion", release.securityVersion())));
        } catch (IOException e) {
            throw new WorkspaceException("cannot write release " + release.version() + ": " + e.getMessage(), e);
        }
    }

    public SystemRelease release(String version) throws WorkspaceException {
        Path dir = root.resolve("os").resolve(version);
        try {
            JsonNode info = JSON.readTree(Files.readAllBytes(dir.resolve("release.json")));
            Map<BootStage, byte[]> images = new EnumMap<>(BootStage.class);
            for (BootStage stage : BootStage.values()) {
                images.put(stage, Files.readAllBytes(dir.resolve(fileName(stage))));
            }
            return new SystemRelease(info.path("Version").asText(), info.path("SecurityVersion").asLong(), images);
        } catch (IOException e) {
            throw new WorkspaceException("OS release " + version + " is missing or damaged in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String fileName(BootStage stage) {
        return stage.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".imagepackage";
    }

    public Path devicesDirectory() {
        return root.resolve("devices");
    }

    /** Every device folder, by device ID. */
    public List<Path> deviceFolders() throws WorkspaceException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(devicesDirectory())) {
            for (Path p : entries) {
                if (Files.isDirectory(p) && DeviceId.isValid(p.getFileName().toString())) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new WorkspaceException("cannot list " + devicesDirectory() + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** The folder of the device whose ID is or starts with {@code idOrPrefix} (at least 4 digits, unambiguous). */
    public Path deviceFolder(String idOrPrefix) throws WorkspaceException {
        String prefix = idOrPrefix.toLowerCase(java.util.Locale.ROOT);
        if (prefix.length() < 4 || !prefix.matches("[0-9a-f]+")) {
            throw new WorkspaceException("'" + idOrPrefix + "' is not a device ID or an ID prefix of at least 4 hex digits");
        }
        List<Path> matches = deviceFolders().stream().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new WorkspaceException("no device " + idOrPrefix + " in " + devicesDirectory());
        }
        if (matches.size() > 1) {
            throw new WorkspaceException("device prefix " + idOrPrefix + " matches " + matches.size() + " devices; give more digits");
        }
        return matches.get(0);
    }
}
