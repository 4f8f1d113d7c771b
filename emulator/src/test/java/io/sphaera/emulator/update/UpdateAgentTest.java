package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.peripherals.flash.FlashWriteGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update agent against a real service over loopback TLS: install, commit, rollback, and what it tells the service. */
class UpdateAgentTest {
    @TempDir
    static Path dir;
    private static UpdateRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = new UpdateRig(dir, 61);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    private static Optional<UUID> imageIn(FleetDevice d, int slot) throws Exception {
        var bytes = d.device().flash().appSlot(slot).read();
        return bytes.isEmpty() ? Optional.empty() : Optional.of(ImagePackage.parse(bytes.get()).metadata().imageId());
    }

    @Test
    void aDeviceTakesItsGroupsDeploymentCommitsItAndRollsBackOneThatDoesNotRun() throws Exception {
        byte[] blink = UpdateRig.blink();
        UUID v1 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "1.0", UpdateRig.BLINK_GPIOS, blink, 0));
        UUID d1 = rig.deploy("Field Test", v1);
        FleetDevice d = rig.device("lamp-a", "Field Test", FlashWriteGate.NONE);
        String id = d.device().pluton().deviceId().hex();

        var first = d.updates().nextResult();
        d.device().powerOn();
        UpdateAgent.Result installed = rig.until(first, Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.INSTALLED, installed.outcome(), () -> installed + "\n" + String.join("\n", d.osLog()));
        assertEquals(Optional.of(v1), imageIn(d, 0), "the deployment's app is in the first app slot");
        assertEquals("running", rig.until(d.snapshot(), Duration.ZERO).app().state());
        assertEquals(UpdateStep.IDLE, d.updates().journal().step());
        rig.run(Duration.ofSeconds(1)); // the report goes out
        var status = rig.adminGet("/devices/" + id + "/deployment-status");
        assertEquals(200, status.status(), status::error);
        assertEquals(d1.toString(), status.body().path("TargetedDeployment").path("Id").asText());
        assertEquals("Installed", status.body().path("LastReport").path("Outcome").asText(), status.body()::toString);

        UpdateAgent.Result again = rig.until(d.updates().checkNow(), Duration.ofMinutes(1));
        assertEquals(UpdateAgent.Result.UP_TO_DATE, again.outcome(), again::toString);

        // v2 cannot open its LED (its manifest grants no GPIO): blink exits at once, again and again -> rolled back to the
        // apps in force at the last OS update, so that OS and apps stay a pair: this device's factory OS came with none.
        UUID v2 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "2.0", "{}", blink, 0));
        UUID d2 = rig.deploy("Field Test", v2);
        UpdateAgent.Result rolledBack = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.ROLLED_BACK, rolledBack.outcome(), rolledBack::toString);
        assertEquals(Optional.empty(), imageIn(d, 0), "back to the factory OS's apps: none");
        rig.run(Duration.ofSeconds(2));
        assertEquals("no app installed", rig.until(d.snapshot(), Duration.ZERO).app().state());
        status = rig.adminGet("/devices/" + id + "/deployment-status");
        assertEquals("RolledBack", status.body().path("LastReport").path("Outcome").asText(), status.body()::toString);
        assertEquals(d2.toString(), status.body().path("LastReport").path("Deployment").asText());
        UpdateAgent.Result notAgain = rig.until(d.updates().checkNow(), Duration.ofMinutes(1));
        assertEquals(UpdateAgent.Result.UP_TO_DATE, notAgain.outcome());
        assertTrue(notAgain.detail().contains("rolled back"), notAgain::toString);
        assertEquals(Optional.empty(), imageIn(d, 0));

        // v3 is good: taken and committed.
        UUID v3 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "3.0", UpdateRig.BLINK_GPIOS, blink, 100_000));
        rig.deploy("Field Test", v3);
        UpdateAgent.Result fixed = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.INSTALLED, fixed.outcome(), fixed::toString);
        assertEquals(Optional.of(v3), imageIn(d, 0));
        assertTrue(d.device().flash().appRollbackSlot(0).isEmpty(), "what a rollback returns to stays the factory OS's apps");
        assertTrue(d.updates().journal().appsSincePair(), "apps were updated since the OS was");
        d.device().powerOff();
    }

    @Test
    void anAppWithSoftwareUpdateDeferralHoldsAnUpdateBackWithinTheBound() throws Exception {
        byte[] sysevents = java.nio.file.Files.readAllBytes(UpdateRig.root().resolve("target/test-apps/sysevents/bin/app"));
        UUID component = UUID.nameUUIDFromBytes("deferring app".getBytes());
        String caps = "{\"SystemEventNotifications\": true, \"SoftwareUpdateDeferral\": true}";
        UUID v1 = rig.upload(UpdateRig.app("Deferrer", component, "1.0", caps, sysevents, 0));
        rig.deploy("Field Test OS Evaluation", v1);
        FleetDevice d = rig.device("deferring", "Field Test OS Evaluation", FlashWriteGate.NONE);
        var first = d.updates().nextResult();
        d.device().powerOn();
        assertEquals(UpdateAgent.Result.INSTALLED, rig.until(first, Duration.ofMinutes(5)).outcome());

        // The running app defers the next update by 10 minutes when it is told of it (its C source says so).
        UUID v2 = rig.upload(UpdateRig.app("Deferrer", component, "2.0", caps, sysevents, 0));
        rig.deploy("Field Test OS Evaluation", v2);
        java.time.Instant asked = rig.scheduler.clock().instant();
        UpdateAgent.Result deferred = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.DEFERRED, deferred.outcome(), () -> deferred + "\n" + String.join("\n", d.osLog()));
        assertEquals(Optional.of(v1), imageIn(d, 0), "nothing is installed while the app defers");
        UpdateAgent.Result installed = rig.until(d.updates().nextResult(), Duration.ofHours(1));
        assertEquals(UpdateAgent.Result.INSTALLED, installed.outcome(), () -> installed + "\n" + String.join("\n", d.osLog()));
        assertTrue(!rig.scheduler.clock().instant().isBefore(asked.plus(Duration.ofMinutes(10))),
                "installed only after the 10-minute deferral: " + rig.scheduler.clock().instant());
        assertEquals(Optional.of(v2), imageIn(d, 0));
        var appLog = rig.until(d.snapshot(), Duration.ZERO).appLog();
        assertTrue(appLog.stream().anyMatch(l -> l.contains("defer 10 min: ok")), String.join("\n", appLog));
        d.device().powerOff();
    }

    @Test
    void aDeviceMovedToAnotherGroupHoldsExactlyThatGroupsDeployment() throws Exception {
        byte[] blink = UpdateRig.blink();
        byte[] sleeper = java.nio.file.Files.readAllBytes(UpdateRig.root().resolve("target/test-apps/sleeper/bin/app"));
        UUID lamp = rig.upload(UpdateRig.app("Lamp", UpdateRig.BLINK, "1.0", UpdateRig.BLINK_GPIOS, blink, 7));
        UUID other = UUID.nameUUIDFromBytes("another product's app".getBytes());
        UUID sleepy = rig.upload(UpdateRig.app("Sleepy", other, "1.0", "{}", sleeper, 0));
        rig.deploy("Production OS Evaluation", lamp);
        rig.deploy("Production", sleepy);
        FleetDevice d = rig.device("mover", "Production OS Evaluation", FlashWriteGate.NONE);
        var first = d.updates().nextResult();
        d.device().powerOn();
        assertEquals(UpdateAgent.Result.INSTALLED, rig.until(first, Duration.ofMinutes(5)).outcome());
        assertEquals(Optional.of(lamp), imageIn(d, 0));

        rig.service.store().moveDevice(rig.tenant, d.device().pluton().deviceId().hex(), rig.groups.get("Production").id());
        UpdateAgent.Result moved = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.INSTALLED, moved.outcome(), () -> moved + "\n" + String.join("\n", d.osLog()));
        java.util.Set<UUID> held = new java.util.HashSet<>();
        for (int s = 0; s < io.sphaera.emulator.device.Mt3620Flash.APP_SLOTS; s++) {
            int slot = s;
            imageIn(d, slot).ifPresent(held::add);
        }
        assertEquals(java.util.Set.of(sleepy), held, "the lamp app its new group does not deploy is gone");

        // Moved to a group that takes no app updates (Development: No3rdPartyAppUpdates), it keeps what it has.
        rig.service.store().moveDevice(rig.tenant, d.device().pluton().deviceId().hex(), rig.groups.get("Development").id());
        UpdateAgent.Result kept = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.UP_TO_DATE, kept.outcome(), kept::toString);
        assertEquals(Optional.of(sleepy), imageIn(d, 1).or(() -> {
            try {
                return imageIn(d, 0);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        d.device().powerOff();
    }

    @Test
    void aBoardConfigurationIsInstalledWithItsDeploymentAndStaysUntilAnotherReplacesIt() throws Exception {
        byte[] blink = UpdateRig.blink();
        UUID boardComponent = UUID.nameUUIDFromBytes("board configuration".getBytes());
        byte[] board = new io.sphaera.firmware.image.ImagePackageBuilder(io.sphaera.firmware.image.ImageKind.CUSTOMER_BOARD_CONFIG,
                boardComponent).imageId(UUID.nameUUIDFromBytes("lan board".getBytes())).buildTime(UpdateRig.T0).buildName("lan")
                .addFile("board_config.bin", "ENC28J60 on ISU0, interrupt on GPIO5".getBytes(), false)
                .sign(io.sphaera.firmware.signing.SigningKey.generate(rig.randomness.forParty("board developer")));
        UUID app = rig.upload(UpdateRig.app("Boarded Lamp", UpdateRig.BLINK, "1.0", UpdateRig.BLINK_GPIOS, blink, 11));
        UUID config = rig.upload(board);
        rig.deploy("Production", app, config);
        FleetDevice d = rig.device("boarded", "Production", FlashWriteGate.NONE);
        var first = d.updates().nextResult();
        d.device().powerOn();
        UpdateAgent.Result r = rig.until(first, Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.INSTALLED, r.outcome(), () -> r + "\n" + String.join("\n", d.osLog()));
        assertEquals(Optional.of(app), imageIn(d, 0));
        var held = d.device().flash().boardConfigSlot().read().orElseThrow();
        assertEquals(config, ImagePackage.parse(held).metadata().imageId(), "the board configuration is in its slot");
        assertEquals(Optional.empty(), d.device().pluton().boardConfigurationRefusal(ImagePackage.parse(held)), "production-signed");

        // A new deployment without a board configuration: the app changes, the board configuration stays.
        UUID app2 = rig.upload(UpdateRig.app("Boarded Lamp", UpdateRig.BLINK, "2.0", UpdateRig.BLINK_GPIOS, blink, 12));
        rig.deploy("Production", app2);
        UpdateAgent.Result r2 = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.INSTALLED, r2.outcome(), r2::toString);
        assertEquals(Optional.of(app2), imageIn(d, 0));
        assertEquals(config, ImagePackage.parse(d.device().flash().boardConfigSlot().read().orElseThrow()).metadata().imageId());
        UpdateAgent.Result r3 = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
        assertEquals(UpdateAgent.Result.UP_TO_DATE, r3.outcome(), r3::toString);
        d.device().powerOff();
    }
}
