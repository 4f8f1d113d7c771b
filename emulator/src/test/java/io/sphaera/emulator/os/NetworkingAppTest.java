package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** networking.h as far as it is modelled: readiness from the device's network, one interface, EFAULT for NULL. */
class NetworkingAppTest {
    private List<String> run(BooleanSupplier networkUp) throws Exception {
        var scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
        AppLog log = new AppLog();
        AppApplibs applibs = Applibs.combine(List.of(Applibs.logOnly(log), NetworkingApplibs.group(networkUp)));
        assertEquals(AppOutcome.exited(0), TestApps.runToEnd(new HighLevelApp("networking", TestApps.wasm("networking"), log,
                applibs, scheduler.clock(), new SplittableRandom(1)), scheduler));
        return log.lines();
    }

    @Test
    void networkingIsReadyWhenTheDevicesNetworkIsUp() throws Exception {
        assertEquals(List.of("ready: yes", "ready into NULL: EFAULT", "interfaces: 1", "wlan0: 0 status 15", "eth0: ENOENT"),
                run(() -> true));
    }

    @Test
    void networkingIsNotReadyWhenTheDevicesNetworkIsDown() throws Exception {
        assertEquals(List.of("ready: no", "ready into NULL: EFAULT", "interfaces: 1", "wlan0: 0 status 1", "eth0: ENOENT"),
                run(() -> false));
    }
}
