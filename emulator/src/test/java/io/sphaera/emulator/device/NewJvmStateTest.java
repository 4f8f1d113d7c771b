package io.sphaera.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.identity.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device made in this JVM is read by another JVM from the same folder, as a user's next command would. */
class NewJvmStateTest {
    @Test
    void anotherJvmReadsTheSameDeviceFromItsFolder(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 11, 64);
        Path work = f.workspace.devicesDirectory().resolve(".new-test");
        DeviceId id;
        BootReport here;
        try (NorFlash flash = DeviceFolder.newFlash(work)) {
            Mt3620Device device = f.manufacture(flash, "device-11");
            id = device.pluton().deviceId();
            here = f.boot(device);
        }
        DeviceFolder.commit(work, f.workspace.devicesDirectory(), id, Instant.parse("2026-11-26T00:00:00Z"));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.sphaera.emulator.cli.Main", "device", "show", "--json", "--workspace", f.workspace.root().toString())
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), err);
        JsonNode shown = new ObjectMapper().readTree(out);
        assertEquals(id.hex(), shown.path("DeviceId").asText());
        List<String> registers = here.measurements().registers().stream().map(HexFormat.of()::formatHex).toList();
        for (int i = 0; i < registers.size(); i++) {
            assertEquals(registers.get(i), shown.path("Measurements").path("Registers").get(i).asText());
        }
        assertEquals(16L << 20, Files.size(f.workspace.devicesDirectory().resolve(id.hex()).resolve("flash.bin")));
    }

}
