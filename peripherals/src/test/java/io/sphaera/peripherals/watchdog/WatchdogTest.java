package io.sphaera.peripherals.watchdog;

import static io.sphaera.peripherals.watchdog.Watchdog.LENGTH;
import static io.sphaera.peripherals.watchdog.Watchdog.LENGTH_KEY;
import static io.sphaera.peripherals.watchdog.Watchdog.MODE;
import static io.sphaera.peripherals.watchdog.Watchdog.MODE_ENABLE;
import static io.sphaera.peripherals.watchdog.Watchdog.MODE_IRQ;
import static io.sphaera.peripherals.watchdog.Watchdog.MODE_IRQ_OTHER_EN;
import static io.sphaera.peripherals.watchdog.Watchdog.MODE_KEY;
import static io.sphaera.peripherals.watchdog.Watchdog.RESTART;
import static io.sphaera.peripherals.watchdog.Watchdog.RESTART_KEY;
import static io.sphaera.peripherals.watchdog.Watchdog.STA;
import static io.sphaera.peripherals.watchdog.Watchdog.SWRST;
import static io.sphaera.peripherals.watchdog.Watchdog.SWRST_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.timer.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The watchdog through its registers, written as hdl_wdt.c / mhal_wdt.c write them, in virtual time. */
class WatchdogTest {
    private static final Duration NANO = Duration.ofNanos(1);

    private final ManualScheduler scheduler = new ManualScheduler(Instant.parse("2024-01-01T00:00:00Z"));
    private final Nvic nvic = new Nvic();
    private int resetRequests;
    private final Watchdog watchdog = new Watchdog(scheduler.clock(), scheduler, nvic, () -> resetRequests++);

    /** mtk_hdl_wdt_set_enable: read MODE, set or clear EN, clear IRQ_OTHER_EN, write with the key. */
    private void setEnable(boolean enable) {
        int mode = watchdog.read32(MODE);
        mode = enable ? mode | MODE_ENABLE : mode & ~MODE_ENABLE;
        watchdog.write32(MODE, (mode & ~MODE_IRQ_OTHER_EN) | MODE_KEY);
    }

    /** mtk_hdl_wdt_set_irq_mode. */
    private void setIrqMode(boolean irq) {
        int mode = watchdog.read32(MODE);
        mode = irq ? mode | MODE_IRQ : mode & ~MODE_IRQ;
        watchdog.write32(MODE, mode | MODE_KEY);
    }

    /** mtk_hdl_wdt_set_length: a tick of 0 becomes 1. */
    private void setLength(int tick) {
        int ticks = tick == 0 ? 1 : tick;
        watchdog.write32(LENGTH, ((ticks & 0x7FF) << 5) | LENGTH_KEY);
    }

    private void restart() {
        watchdog.write32(RESTART, RESTART_KEY);
    }

    /** mtk_mhal_wdt_set_timeout(sec): WDT_LENGTH_SEC2TICK(sec) = (sec << 5) - 1, then restart. */
    private void setTimeout(int seconds) {
        setLength((seconds << 5) - 1);
        restart();
    }

    /** The FreeRTOS WDT sample: init (disable, IRQ 3 enabled), 10 s, interrupt mode, enable (restart, EN). */
    private void startLikeTheSample(boolean interruptMode) {
        setEnable(false);
        nvic.write32(Nvic.ISER, 1 << IoCoreIrq.WATCHDOG);
        setTimeout(10);
        setIrqMode(interruptMode);
        restart();
        setEnable(true);
    }

    @Test
    void kickedEverySecondItNeverFiresLeftAloneItInterruptsAfterTenSeconds() {
        startLikeTheSample(true);
        for (int i = 0; i < 20; i++) {
            scheduler.advanceBy(Duration.ofSeconds(1));
            restart();
        }
        assertFalse(nvic.isPending(IoCoreIrq.WATCHDOG));

        scheduler.advanceBy(Duration.ofSeconds(10).minus(NANO));
        assertFalse(nvic.isPending(IoCoreIrq.WATCHDOG));
        scheduler.advanceBy(NANO);
        assertTrue(nvic.isPending(IoCoreIrq.WATCHDOG), "timed out 10 s after the last kick");
        assertEquals(0, resetRequests, "interrupt mode does not reset");
        assertEquals(0, watchdog.read32(STA));
    }

    @Test
    void inInterruptModeItFiresAgainEachPeriodUntilKicked() {
        startLikeTheSample(true);
        scheduler.advanceBy(Duration.ofSeconds(10));
        assertEquals(IoCoreIrq.WATCHDOG, nvic.takePending());
        nvic.complete(IoCoreIrq.WATCHDOG);
        assertFalse(nvic.hasPending(), "a pulse: nothing to clear");
        scheduler.advanceBy(Duration.ofSeconds(10));
        assertTrue(nvic.isPending(IoCoreIrq.WATCHDOG));
    }

    @Test
    void inResetModeATimeoutAsksForAResetAndTheNextRunReadsHwReset() {
        startLikeTheSample(false);
        scheduler.advanceBy(Duration.ofSeconds(10));
        assertEquals(1, resetRequests);
        assertFalse(nvic.isPending(IoCoreIrq.WATCHDOG));
        assertFalse(watchdog.isEnabled(), "the watchdog reset itself with the core");
        assertEquals(0, scheduler.queued());

        watchdog.reset();
        assertEquals(Watchdog.STA_HW_RESET, watchdog.read32(STA), "mtk_mhal_wdt_get_status: 2");
        watchdog.reset();
        assertEquals(0, watchdog.read32(STA), "a reset the watchdog did not cause reads 0");
    }

    @Test
    void theDriversHardwareResetSequenceResetsAfterTwoThirtySecondsOfASecond() {
        startLikeTheSample(true);
        scheduler.advanceBy(Duration.ofSeconds(3));
        // mtk_mhal_wdt_hwrst, from the sample's interrupt handler
        setEnable(false);
        setLength(1);
        restart();
        setIrqMode(false);
        setEnable(true);
        Duration twoUnits = Duration.ofNanos(62_500_000);
        scheduler.advanceBy(twoUnits.minus(NANO));
        assertEquals(0, resetRequests, "length 1 is two 1/32 s units");
        scheduler.advanceBy(NANO);
        assertEquals(1, resetRequests);
    }

    @Test
    void aSoftwareResetIsRequestedAsItsOwnTaskAndReadsSwReset() {
        startLikeTheSample(false);
        scheduler.advanceBy(Duration.ofSeconds(8));
        // mtk_mhal_wdt_swrst: disable, 64 s, restart, reset mode, then SWRST
        setEnable(false);
        setLength((64 << 5) - 1);
        restart();
        setIrqMode(false);
        watchdog.write32(SWRST, SWRST_KEY);
        assertEquals(0, resetRequests, "not from inside the core's store");
        scheduler.advanceBy(Duration.ZERO);
        assertEquals(1, resetRequests);

        watchdog.reset();
        assertEquals(Watchdog.STA_SW_RESET, watchdog.read32(STA), "mtk_mhal_wdt_get_status: 1");
        scheduler.advanceBy(Duration.ofSeconds(100));
        assertEquals(1, resetRequests, "after the reset the watchdog is off");
    }

    @Test
    void writesWithoutTheirKeyAreIgnored() {
        watchdog.write32(MODE, MODE_ENABLE);
        assertFalse(watchdog.isEnabled());
        watchdog.write32(LENGTH, 5 << 5);
        assertEquals(Watchdog.LENGTH_MAX << 5, watchdog.read32(LENGTH));
        watchdog.write32(SWRST, 1);
        scheduler.advanceBy(Duration.ZERO);
        assertEquals(0, resetRequests);

        setTimeout(1);
        setEnable(true);
        scheduler.advanceBy(Duration.ofMillis(900));
        watchdog.write32(RESTART, 0x1970);
        scheduler.advanceBy(Duration.ofMillis(100));
        assertEquals(1, resetRequests, "a wrong restart key does not kick");
    }

    @Test
    void disablingStopsItAndEnablingStartsAFreshPeriod() {
        startLikeTheSample(false);
        scheduler.advanceBy(Duration.ofSeconds(9));
        setEnable(false);
        assertEquals(0, scheduler.queued());
        scheduler.advanceBy(Duration.ofSeconds(30));
        assertEquals(0, resetRequests);
        restart();
        assertEquals(0, scheduler.queued(), "a restart does not start a disabled watchdog");

        setEnable(true);
        scheduler.advanceBy(Duration.ofSeconds(10).minus(NANO));
        assertEquals(0, resetRequests);
        scheduler.advanceBy(NANO);
        assertEquals(1, resetRequests);
    }

    @Test
    void aNewLengthTakesEffectAtTheNextRestart() {
        startLikeTheSample(false);
        setLength((2 << 5) - 1);
        assertEquals(Duration.ofSeconds(2), watchdog.timeout());
        scheduler.advanceBy(Duration.ofSeconds(5));
        assertEquals(0, resetRequests, "the running period keeps its 10 s");
        restart();
        scheduler.advanceBy(Duration.ofSeconds(2));
        assertEquals(1, resetRequests);
    }

    @Test
    void registersReadBackWithoutTheirKeysAndResetToSixtyFourSecondsOff() {
        assertEquals(0, watchdog.read32(MODE));
        assertEquals(Duration.ofSeconds(64), watchdog.timeout());
        setIrqMode(true);
        setEnable(true);
        assertEquals(MODE_ENABLE | MODE_IRQ, watchdog.read32(MODE));
        setLength(319);
        assertEquals(319 << 5, watchdog.read32(LENGTH));
        assertEquals(Duration.ofSeconds(10), watchdog.timeout());
        watchdog.reset();
        assertEquals(0, watchdog.read32(MODE));
        assertEquals(0, scheduler.queued());
    }
}
