package io.sphaera.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thousand devices manufactured and booted in one JVM, sharing identical flash pages. */
class FleetTest {
    @Test
    void aThousandDevicesAreManufacturedAndBootInOneJvm(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 42, 256);
        List<Mt3620Device> fleet = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Mt3620Device d = f.manufactureInMemory(String.format("device-%04d", i));
            fleet.add(d);
            ids.add(d.pluton().deviceId().hex());
        }
        assertEquals(1000, ids.size(), "every device has its own identity");
        int booted = 0;
        String measurement = null;
        for (Mt3620Device d : fleet) {
            BootReport r = f.boot(d);
            if (r.outcome() == BootOutcome.BOOTED) {
                booted++;
            }
            String m = java.util.HexFormat.of().formatHex(r.measurements().registers().get(1));
            if (measurement == null) {
                measurement = m;
            }
            assertEquals(measurement, m, "the same OS measures the same on every device");
        }
        assertEquals(1000, booted);
    }
}
