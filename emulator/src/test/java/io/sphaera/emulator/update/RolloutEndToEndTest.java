package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.fleet.RolloutScenario;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.peripherals.flash.FlashWriteGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over real TLS on loopback: a service and 20 devices in Field Test. v1 reaches every device stage by
 * stage; v2, whose app exits at start, rolls back on the first stage's devices, which report it, and the rollout
 * pauses with the rest never offered v2; v3 reaches every device, and each runs it.
 */
class RolloutEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aGoodUpdateABadOneThatRollsBackAndPausesAndAFixThatConverges() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 63)) {
            // The factory installs blink 0.9 (production-signed) on every device.
            byte[] blink = new ImagePackageBuilder(ImageKind.APPLICATIONS, UpdateRig.BLINK).imageId(UUID.nameUUIDFromBytes("blink v1".getBytes(StandardCharsets.UTF_8)))
                    .buildTime(UpdateRig.T0).buildName("Blink").version(ImageVersion.parse("0.9"))
                    .addFile("app_manifest.json", ("{\"SchemaVersion\": 1, \"Name\": \"Blink\", \"ComponentId\": \"" + UpdateRig.BLINK
                            + "\", \"EntryPoint\": \"/bin/app\", \"CmdArgs\": [], \"Capabilities\": " + UpdateRig.BLINK_GPIOS
                            + ", \"ApplicationType\": \"Default\"}").getBytes(StandardCharsets.UTF_8), false)
                    .addFile("bin/app", UpdateRig.blink(), true)
                    .sign(rig.workspace.vendor().productionImagesKey());
            List<FleetDevice> devices = new ArrayList<>();
            List<CompletableFuture<UpdateAgent.Result>> booted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                FleetDevice d = rig.device("fleet-" + i, "Field Test", FlashWriteGate.NONE);
                d.device().flash().appSlot(0).write(blink);
                devices.add(d);
                booted.add(d.updates().nextResult());
                d.device().powerOn();
            }
            rig.until(() -> booted.stream().allMatch(CompletableFuture::isDone), Duration.ofMinutes(10));
            List<String> story = new ArrayList<>();
            var scenario = new RolloutScenario(rig.driver, devices, rig.admin(), rig.groups.get("Field Test").id(), line -> {
                story.add(line);
                System.out.println(line);
            }, System::nanoTime, rig.randomness.forParty("scenario"), rig.scheduler.clock());
            List<RolloutScenario.Act> acts = scenario.run(blink);

            RolloutScenario.Act v1 = acts.get(0);
            assertEquals("Complete", v1.rolloutState(), String.join("\n", story));
            assertEquals(Map.of("1.0", 20), v1.versionsRunning());
            assertTrue(v1.rounds().size() >= 2, "v1 went out in stages: " + v1.rounds());

            RolloutScenario.Act v2 = acts.get(1);
            assertEquals("Paused", v2.rolloutState(), String.join("\n", story));
            int rolledBack = v2.rounds().stream().mapToInt(r -> r.outcomes().getOrDefault(UpdateAgent.Result.ROLLED_BACK, 0)).sum();
            assertEquals(2, rolledBack, "the first stage (10% of 20) rolled back: " + v2.rounds());
            assertEquals(Map.of("1.0", 18, "0.9", 2), v2.versionsRunning(),
                    "the first stage rolled back to the apps of their last OS update (the factory's 0.9); the rest run v1 still");
            // Only the two devices of v2's first stage were ever targeted with v2; they remember it failed, and the
            // service counted their reports.
            int offeredV2 = 0;
            for (FleetDevice d : devices) {
                var history = rig.adminGet("/devices/" + d.device().pluton().deviceId().hex() + "/deployment-history").body();
                boolean offered = false;
                for (var row : history.path("Items")) {
                    offered |= row.path("DeploymentId").asText().equals(v2.deployment().toString());
                }
                assertEquals(offered, !d.updates().journal().failed().isEmpty(), "only devices offered v2 rolled it back: " + history);
                offeredV2 += offered ? 1 : 0;
            }
            assertEquals(2, offeredV2, "the devices past the first stage were never offered v2");
            var v2Rollout = rig.admin().rollout(rig.groups.get("Field Test").id(), v2.deployment());
            assertEquals("Superseded", v2Rollout.path("State").asText(), "v3 replaced the paused v2: " + v2Rollout);
            assertEquals(2, v2Rollout.path("Stages").get(0).path("Failed").asInt(), "the service has both reports: " + v2Rollout);

            RolloutScenario.Act v3 = acts.get(2);
            assertEquals("Complete", v3.rolloutState(), String.join("\n", story));
            assertEquals(Map.of("3.0", 20), v3.versionsRunning());
            rig.run(Duration.ofSeconds(2));
            for (FleetDevice d : devices) {
                assertEquals("running", rig.until(d.snapshot(), Duration.ZERO).app().state());
                d.device().powerOff();
            }
        }
    }
}
