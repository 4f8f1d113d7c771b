package io.sphaera.emulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootCostModel;
import io.sphaera.pluton.identity.DeviceId;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A device's state folder: device.json (format, device ID, when it was made) and flash.bin, the whole 16 MiB flash
 * (sparse on disk). Opening checks both and that the flash's own Pluton names the same device, so a damaged or
 * foreign folder is refused with one clear line rather than half-used.
 */
public final class DeviceFolder implements Closeable {
    public static final String FORMAT = "sphaera-device/1";
    static final String MARKER = "device.json";
    static final String FLASH = "flash.bin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final DeviceId id;
    private final Instant created;
    private final Mt3620Device device;

    private DeviceFolder(Path dir, DeviceId id, Instant created, Mt3620Device device) {
        this.dir = dir;
        this.id = id;
        this.created = created;
        this.device = device;
    }

    /** The flash file of a device being made, in a folder that becomes the device's when {@link #commit} names it. */
    public static NorFlash newFlash(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        return NorFlash.open(workDir.resolve(FLASH), NorFlash.MT3620_SIZE, FlashWriteGate.NONE);
    }

    /** Writes the marker and moves the finished device's folder under its ID. */
    public static Path commit(Path workDir, Path devicesDir, DeviceId id, Instant created) throws IOException {
        Files.write(workDir.resolve(MARKER), JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("Format", FORMAT).put("DeviceId", id.hex()).put("Created", created.toString())));
        Path target = devicesDir.resolve(id.hex());
        Files.move(workDir, target);
        return target;
    }

    public static DeviceFolder open(Path dir, DeviceSeams seams, FlashWriteGate gate) throws WorkspaceException {
        Path marker = dir.resolve(MARKER);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(marker));
        } catch (IOException e) {
            throw new WorkspaceException("device folder " + dir + " is damaged: " + MARKER + " is missing or unreadable");
        }
        if (node == null || !FORMAT.equals(node.path("Format").asText()) || !DeviceId.isValid(node.path("DeviceId").asText())) {
            throw new WorkspaceException("device folder " + dir + " is damaged: " + MARKER + " is not a " + FORMAT + " record");
        }
        DeviceId id = new DeviceId(node.path("DeviceId").asText());
        if (!dir.getFileName().toString().equals(id.hex())) {
            throw new WorkspaceException("device folder " + dir + " holds device " + id.shortForm() + "..., not the one it is named for");
        }
        Path flashFile = dir.resolve(FLASH);
        if (!Files.isRegularFile(flashFile)) {
            throw new WorkspaceException("device folder " + dir + " is damaged: " + FLASH + " is missing");
        }
        try {
            // Checked here, before opening: opening an empty file would make it a fresh erased flash.
            long size = Files.size(flashFile);
            if (size != NorFlash.MT3620_SIZE) {
                throw new WorkspaceException("device folder " + dir + " is damaged: " + FLASH + " has " + size + " bytes, not "
                        + NorFlash.MT3620_SIZE);
            }
        } catch (IOException e) {
            throw new WorkspaceException("device folder " + dir + " is damaged: " + e.getMessage(), e);
        }
        NorFlash flash;
        try {
            flash = NorFlash.open(flashFile, NorFlash.MT3620_SIZE, gate);
        } catch (io.sphaera.peripherals.flash.FlashImageException e) {
            if (e.getMessage().contains("already open") || e.getMessage().contains("in use")) {
                // The flash is locked while a command has it: two writers would tear it (device run holds it).
                throw new WorkspaceException("device " + id.shortForm() + "... is in use by another sphaera command"
                        + " (a device run? end it with sphaera device power-off)", e);
            }
            throw new WorkspaceException("device folder " + dir + " is damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkspaceException("device folder " + dir + " is damaged: " + e.getMessage(), e);
        }
        Mt3620Device device = new Mt3620Device(flash, seams, BootCostModel.DEFAULT);
        try {
            DeviceId onChip = device.pluton().deviceId();
            if (!onChip.equals(id)) {
                throw new WorkspaceException("device folder " + dir + " is foreign: its flash belongs to device " + onChip.shortForm() + "...");
            }
        } catch (PlutonException | RuntimeException e) {
            close(flash);
            throw new WorkspaceException("device folder " + dir + " is damaged: " + e.getMessage(), e);
        } catch (WorkspaceException e) {
            close(flash);
            throw e;
        }
        Instant created;
        try {
            created = Instant.parse(node.path("Created").asText());
        } catch (RuntimeException e) {
            created = Instant.EPOCH;
        }
        return new DeviceFolder(dir, id, created, device);
    }

    private static void close(NorFlash flash) {
        try {
            flash.close();
        } catch (IOException ignored) {
            // Already failing with a clearer message.
        }
    }

    public Path directory() {
        return dir;
    }

    public DeviceId id() {
        return id;
    }

    public Instant created() {
        return created;
    }

    public Mt3620Device device() {
        return device;
    }

    @Override
    public void close() throws IOException {
        device.nor().close();
    }
}
