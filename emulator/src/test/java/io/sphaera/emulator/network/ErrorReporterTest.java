package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.os.A7Runtime;
import io.sphaera.emulator.os.AppLog;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.pluton.capability.CapabilityGrant;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.service.SecurityService;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.ReportedErrorEvent;
import io.sphaera.service.store.Tenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app that keeps crashing on a device becomes one counted AppCrash event in its tenant's error report. */
class ErrorReporterTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final UUID APP = UUID.fromString("6c2d0e3b-8e4f-4b9c-ad7f-2a3b4c5d6e7f");

    @Test
    void crashesAreCountedAndUploadedToTheClaimingTenant(@TempDir Path dir) throws Exception {
        try (ServiceWithDevice live = ServiceWithDevice.start(dir, T0, 61)) {
            VirtualTimeScheduler scheduler = live.scheduler();
            SecurityService service = live.service();
            Mt3620Device device = live.device();
            Workspace w = live.workspace();
            Tenant tenant = service.store().createTenant("Crash Lab");
            service.store().claimDevice(tenant.id(), device.pluton().deviceId().hex());
            device.pluton().applyCapability(new ImagePackageBuilder(ImageKind.DEVICE_CAPABILITY,
                    UUID.fromString("a1b2c3d4-e5f6-4789-abcd-ef0123456789"))
                    .imageId(UUID.fromString("21111111-2222-4333-8444-555555555555")).buildTime(T0)
                    .addFile(CapabilityGrant.FILE, new CapabilityGrant(device.pluton().deviceId(), Set.of(DeviceCapability.APP_DEVELOPMENT))
                            .encode(), false)
                    .sign(w.vendor().capabilitiesKey()));
            String manifest = """
                    {"SchemaVersion": 1, "Name": "Crasher", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [],
                     "Capabilities": {}, "ApplicationType": "Default"}""".formatted(APP);
            device.flash().appSlot(0).write(new ImagePackageBuilder(ImageKind.APPLICATIONS, APP)
                    .imageId(UUID.fromString("31111111-2222-4333-8444-555555555555")).buildTime(T0)
                    .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                    .addFile("bin/app", Files.readAllBytes(repo().resolve("target/test-apps/crasher/bin/app")), true)
                    .sign(w.vendor().sdkTestKey()));

            DeviceAuthAgent auth = live.authAgent();
            ErrorReporter reporter = new ErrorReporter(device, auth, live.loops(), w.vendor().root().certificateDer(), live.address());
            A7Runtime os = new A7Runtime(device, new Mt3620Peripherals(), new AppLog(), line -> { });
            os.whenAppEnds(reporter::appEnded);
            device.run(auth);
            device.run(os);
            device.run(reporter);

            CompletableFuture<DeviceCertificate> attested = auth.nextAttempt();
            device.powerOn();
            scheduler.advanceBy(Duration.ofSeconds(1));
            NetworkPump.until(scheduler, attested);

            CompletableFuture<Integer> uploaded = reporter.nextUpload();
            scheduler.advanceBy(ErrorReporter.UPLOAD_INTERVAL.minusSeconds(1));
            int crashes = (int) os.runCount();
            assertTrue(crashes > 800, "a crash about every second: " + crashes);
            scheduler.advanceBy(Duration.ofSeconds(1));
            assertEquals(1, NetworkPump.until(scheduler, uploaded), "one kind of event, kept for the tenant");

            List<ReportedErrorEvent> report = service.store().errorEvents(tenant.id(), PageRequest.first(10)).items();
            assertEquals(1, report.size(), report::toString);
            var event = report.get(0).event();
            assertEquals("AppCrash", event.eventClass());
            assertEquals("Crasher", event.eventCategory());
            // Every crash counted once: those before the upload in the report, any since waiting for the next.
            int waiting = reporter.waiting().stream().mapToInt(k -> Integer.parseInt(k.substring(k.lastIndexOf('x') + 1))).sum();
            assertEquals(os.runCount(), (long) event.count() + waiting, reporter.waiting()::toString);
            assertTrue(event.count() >= crashes, "the report holds every crash before it was sent");
            assertTrue(event.start().isBefore(event.end()));

            // Three more upload times pass at once, so the later ones come while an upload is still under way: every
            // crash still reaches the service exactly once.
            CompletableFuture<Integer> later = reporter.nextUpload();
            scheduler.advanceBy(ErrorReporter.UPLOAD_INTERVAL.multipliedBy(3));
            NetworkPump.until(scheduler, later);
            CompletableFuture<Integer> last = reporter.nextUpload();
            scheduler.advanceBy(ErrorReporter.UPLOAD_INTERVAL);
            NetworkPump.until(scheduler, last);
            // An upload that started after the one awaited may be under way: the service may hold its events while the
            // device still counts them as waiting, so let it end before counting.
            while (reporter.uploading()) {
                CompletableFuture<Integer> under = reporter.nextUpload();
                NetworkPump.until(scheduler, under);
            }
            int reported = service.store().errorEvents(tenant.id(), PageRequest.first(100)).items().stream()
                    .mapToInt(e -> e.event().count()).sum();
            int stillWaiting = reporter.waiting().stream()
                    .mapToInt(k -> Integer.parseInt(k.substring(k.lastIndexOf('x') + 1))).sum();
            assertEquals(os.runCount(), (long) reported + stillWaiting, "each crash once: " + reporter.waiting());
        }
    }

    private static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/build-samples"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
