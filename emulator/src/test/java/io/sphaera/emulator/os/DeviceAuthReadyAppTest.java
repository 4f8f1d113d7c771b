package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Application_IsDeviceAuthReady follows the device's authentication, asked at each call. */
class DeviceAuthReadyAppTest {
    @Test
    void anAppSeesTheDeviceBecomeAuthenticated() throws Exception {
        var scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
        AtomicBoolean authenticated = new AtomicBoolean();
        AppLog log = new AppLog();
        AppApplibs applibs = Applibs.combine(List.of(Applibs.logOnly(log), ApplicationApplibs.group(UUID.randomUUID(),
                List.of(), peer -> Optional.empty(), authenticated::get, line -> { })));
        HighLevelApp app = new HighLevelApp("authready", TestApps.wasm("authready"), log, applibs, scheduler.clock(),
                new SplittableRandom(1));
        scheduler.schedule(() -> authenticated.set(true), 500, TimeUnit.MILLISECONDS);
        assertEquals(AppOutcome.exited(0), TestApps.runToEnd(app, scheduler), "NULL is EFAULT");
        assertEquals(List.of("0: not yet", "0: authenticated"), log.lines());
    }
}
