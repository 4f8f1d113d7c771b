package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.cli.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job as a user runs it: an embedded service and a fleet that boots, is claimed and attests over TLS. */
class FleetCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aFleetBootsIsClaimedAndAttests(@TempDir Path dir) {
        Path ws = dir.resolve("ws");
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(0, CliRun.run(CLOCK, random, "vendor", "init", "--workspace", ws.toString(), "--os-size-kib", "64").code());
        Result r = CliRun.run(CLOCK, random, "fleet", "run", "--devices", "4", "--workspace", ws.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("4 of 4 devices manufactured, claimed, booted and attested"), r::toString);
        assertEquals(4, r.out().lines().filter(l -> l.contains("from Sphaera Tenant CA Sphaera Fleet")).count(), r::toString);
        assertTrue(Files.exists(ws.resolve("service/store/service.db")), "the service kept its data in the workspace");
        // A second run finds the same tenant again.
        Result again = CliRun.run(CLOCK, random, "fleet", "run", "--devices", "1", "--workspace", ws.toString());
        assertEquals(0, again.code(), again::toString);
    }

    @Test
    void aFleetRunsItsAppAndShowsEachDevicesAppStateAndLed(@TempDir Path dir) {
        Path ws = dir.resolve("ws");
        SplittableRandom random = new SplittableRandom(3);
        assertEquals(0, CliRun.run(CLOCK, random, "vendor", "init", "--workspace", ws.toString(), "--os-size-kib", "64").code());
        Path blink = CliRun.repoRoot().resolve("target/samples/blink");
        Path production = dir.resolve("blink.imagepackage");
        CliRun.ok(CliRun.run(CLOCK, random, "image-package", "pack-application", "--package-directory", blink.toString(),
                "--signing-key", ws.resolve("vendor/production-images.key.pem").toString(), "-o", production.toString()));
        Result r = CliRun.ok(CliRun.run(CLOCK, random, "fleet", "run", "--devices", "3", "--app", production.toString(),
                "--run-for", "300ms", "--workspace", ws.toString()));
        List<String> lines = r.out().lines().toList();
        int table = lines.indexOf(lines.stream().filter(l -> l.startsWith("#     DEVICE             APP")).findFirst().orElseThrow());
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(table + 1 + i).matches(i + "\\s+[0-9a-f]{16}\\s+running\\s+0\\s+(on|off)"), r::toString);
        }
        assertTrue(lines.contains("  [app] Blink starting: press button A to change the interval"), r::toString);

        // The SDK test key is trusted only on development devices: a fleet of DeviceComplete devices would not run it.
        Path sdk = dir.resolve("blink-sdk.imagepackage");
        CliRun.ok(CliRun.run(CLOCK, random, "image-package", "pack-application", "--package-directory", blink.toString(),
                "--signing-key", ws.resolve("vendor/sdk-test.key.pem").toString(), "-o", sdk.toString()));
        failed(CliRun.run(CLOCK, random, "fleet", "run", "--devices", "1", "--app", sdk.toString(), "--workspace", ws.toString()),
                ExitCode.VERIFICATION_FAILED, "would not run it", "production-images.key.pem");
        failed(CliRun.run(CLOCK, random, "fleet", "run", "--devices", "1", "--app", blink.resolve("app_manifest.json").toString(),
                "--workspace", ws.toString()), ExitCode.INVALID_INPUT, "app_manifest.json");
        failed(CliRun.run(CLOCK, random, "fleet", "run", "--devices", "1", "--run-for", "1s", "--workspace", ws.toString()),
                ExitCode.USAGE, "--run-for needs --app");
    }

    @Test
    void badCountsAndFoldersAreOneLineErrors(@TempDir Path dir) {
        failed(CliRun.run(CLOCK, new SplittableRandom(2), "fleet", "run", "--devices", "0", "--workspace", dir.toString()),
                ExitCode.INVALID_INPUT, "--devices");
    }
}
