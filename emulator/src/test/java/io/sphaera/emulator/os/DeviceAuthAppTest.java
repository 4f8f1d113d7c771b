package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DeviceAuth_GetCertificatePath: the tenant's certificate path with DeviceAuthentication in the manifest, else NULL and EACCES. */
class DeviceAuthAppTest {
    private static final UUID TENANT = UUID.fromString("6e5d4c3b-2a19-4807-b6a5-948372615049");
    private final List<String> refusals = new ArrayList<>();

    private List<String> run(Optional<UUID> tenant) throws Exception {
        var scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
        AppLog log = new AppLog();
        AppApplibs applibs = Applibs.combine(List.of(Applibs.logOnly(log), DeviceAuthApplibs.group(tenant, refusals::add)));
        assertEquals(AppOutcome.exited(0), TestApps.runToEnd(new HighLevelApp("deviceauth", TestApps.wasm("deviceauth"), log,
                applibs, scheduler.clock(), new SplittableRandom(1)), scheduler));
        return log.lines();
    }

    @Test
    void withTheTenantInTheManifestTheAppGetsItsCertificatesPath() throws Exception {
        assertEquals(List.of("path: /run/daa/" + TENANT, "open: fails"), run(Optional.of(TENANT)),
                "the certificate itself is not in the sandbox yet");
        assertEquals(List.of(), refusals);
    }

    @Test
    void withoutDeviceAuthenticationTheCallIsNullWithEaccesAndNoted() throws Exception {
        assertEquals(List.of("path: NULL, EACCES"), run(Optional.empty()));
        assertEquals(List.of("DeviceAuth_GetCertificatePath refused: no DeviceAuthentication in the manifest (EACCES)"), refusals);
    }
}
