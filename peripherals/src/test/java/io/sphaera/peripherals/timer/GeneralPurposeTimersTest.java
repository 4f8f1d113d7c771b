package io.sphaera.peripherals.timer;

import static io.sphaera.peripherals.timer.GeneralPurposeTimers.CTRL_EN;
import static io.sphaera.peripherals.timer.GeneralPurposeTimers.CTRL_MODE_REPEAT;
import static io.sphaera.peripherals.timer.GeneralPurposeTimers.CTRL_RESTART;
import static io.sphaera.peripherals.timer.GeneralPurposeTimers.CTRL_SPEED_32K;
import static io.sphaera.peripherals.timer.GeneralPurposeTimers.CTRL_SPEED_FAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPT block through its registers, in virtual time: counts follow the clock and interrupts come when due. */
class GeneralPurposeTimersTest {
    private static final int GPT = IoCoreIrq.GPT;
    private static final int GPT3 = IoCoreIrq.GPT3;

    private final ManualScheduler scheduler = new ManualScheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final Nvic nvic = new Nvic();
    private final GeneralPurposeTimers gpt = new GeneralPurposeTimers(scheduler.clock(), scheduler, nvic);
    /** Virtual time of each wake-up the NVIC gave. */
    private final List<Duration> wakes = new ArrayList<>();

    GeneralPurposeTimersTest() {
        nvic.write32(Nvic.ISER, (1 << GPT) | (1 << GPT3));
        nvic.onPending(() -> wakes.add(scheduler.elapsed()));
    }

    private void advance(long nanos) {
        scheduler.advanceBy(Duration.ofNanos(nanos));
    }

    private void advanceMs(long ms) {
        scheduler.advanceBy(Duration.ofMillis(ms));
    }

    /** What the Azure sample's MT3620_Gpt_LaunchTimerMs writes. */
    private void launchLikeTheAzureSample(int timer, int periodMs) {
        int ctrl = timer == 0 ? GeneralPurposeTimers.GPT0_CTRL : GeneralPurposeTimers.GPT1_CTRL;
        gpt.write32(ctrl, gpt.read32(ctrl) & ~CTRL_EN);
        gpt.write32(GeneralPurposeTimers.GPT_IER, gpt.read32(GeneralPurposeTimers.GPT_IER) | (1 << timer));
        gpt.write32(ctrl + 4, periodMs);
        gpt.write32(ctrl, 0x9); // RESTART | EN: 1 kHz, one shot
    }

    /** What the Azure sample's MT3620_Gpt_HandleIrq1 does, then the handler returns. */
    private int handleIrq1LikeTheAzureSample() {
        assertEquals(GPT, nvic.takePending());
        int active = gpt.read32(GeneralPurposeTimers.GPT_ISR);
        gpt.write32(GeneralPurposeTimers.GPT_ISR, active);
        nvic.complete(GPT);
        return active;
    }

    @Test
    void theAzureSamplesOneSecondTimerFiresAfter1000TicksOfThe0point99KHzClock() {
        launchLikeTheAzureSample(0, 1000);
        advanceMs(1007);
        assertFalse(nvic.hasPending(), "1000 ticks at 32768/33 Hz take 1007.08 ms");
        assertEquals(0, gpt.read32(GeneralPurposeTimers.GPT_ISR));
        advanceMs(1);
        assertEquals(List.of(Duration.ofNanos(1_007_080_079)), wakes);
        assertEquals(1, gpt.read32(GeneralPurposeTimers.GPT_ISR));

        assertEquals(1, handleIrq1LikeTheAzureSample());
        assertEquals(0, gpt.read32(GeneralPurposeTimers.GPT_ISR));
        assertFalse(nvic.hasPending(), "cleared in the handler: the level line is down");
        advanceMs(5000);
        assertEquals(1, wakes.size(), "one-shot");
        assertEquals(0, gpt.read32(GeneralPurposeTimers.GPT0_CNT), "a finished one-shot reads 0");
        assertEquals(0, gpt.read32(GeneralPurposeTimers.GPT0_CTRL) & CTRL_RESTART, "RESTART clears itself");
    }

    @Test
    void aHandlerThatDoesNotClearTheStatusIsEnteredAgain() {
        launchLikeTheAzureSample(1, 10);
        advanceMs(11);
        assertEquals(GPT, nvic.takePending());
        assertEquals(2, gpt.read32(GeneralPurposeTimers.GPT_ISR), "GPT1 is bit 1");
        nvic.complete(GPT);
        assertEquals(GPT, nvic.takePending(), "the line is still asserted");
    }

    @Test
    void theCounterCountsDownFromTheCompareValue() {
        gpt.write32(GeneralPurposeTimers.GPT0_ICNT, 32768);
        gpt.write32(GeneralPurposeTimers.GPT0_CTRL, CTRL_SPEED_32K | CTRL_EN);
        advanceMs(250);
        assertEquals(32768 - 8192, gpt.read32(GeneralPurposeTimers.GPT0_CNT));
        gpt.write32(GeneralPurposeTimers.GPT0_CTRL, CTRL_SPEED_32K);
        advanceMs(500);
        assertEquals(32768 - 8192, gpt.read32(GeneralPurposeTimers.GPT0_CNT), "held while disabled");
        assertEquals(0, scheduler.queued(), "a stopped timer has no expiry waiting");
    }

    @Test
    void aRepeatingTimerFiresEveryPeriodWithoutDrift() {
        gpt.write32(GeneralPurposeTimers.GPT_IER, 1);
        gpt.write32(GeneralPurposeTimers.GPT0_ICNT, 32768);
        gpt.write32(GeneralPurposeTimers.GPT0_CTRL, CTRL_SPEED_32K | CTRL_MODE_REPEAT | CTRL_EN);
        for (int second = 1; second <= 3; second++) {
            advanceMs(1000);
            handleIrq1LikeTheAzureSample();
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)), wakes);
        advanceMs(500);
        assertEquals(16384, gpt.read32(GeneralPurposeTimers.GPT0_CNT), "half-way through the fourth period");
    }

    @Test
    void statusIsSetWithoutTheEnableBitButInterruptsOnlyOnceEnabled() {
        gpt.write32(GeneralPurposeTimers.GPT0_ICNT, 32);
        gpt.write32(GeneralPurposeTimers.GPT0_CTRL, CTRL_SPEED_32K | CTRL_EN);
        advanceMs(2);
        assertEquals(1, gpt.read32(GeneralPurposeTimers.GPT_ISR));
        assertTrue(wakes.isEmpty());
        gpt.write32(GeneralPurposeTimers.GPT_IER, 1);
        assertEquals(List.of(Duration.ofMillis(2)), wakes);
    }

    @Test
    void disablingBeforeExpiryCancelsTheInterrupt() {
        launchLikeTheAzureSample(0, 100);
        advanceMs(50);
        gpt.write32(GeneralPurposeTimers.GPT0_CTRL, 0);
        advanceMs(1000);
        assertTrue(wakes.isEmpty());
        assertEquals(0, scheduler.queued());
    }

    @Test
    void restartBeginsANewPeriod() {
        launchLikeTheAzureSample(0, 100); // 100.7 ms
        advanceMs(80);
        gpt.write32(GeneralPurposeTimers.GPT0_CTRL, gpt.read32(GeneralPurposeTimers.GPT0_CTRL) | CTRL_RESTART);
        advanceMs(80);
        assertTrue(wakes.isEmpty(), "restarted at 80 ms");
        advanceMs(21);
        assertEquals(1, wakes.size());
    }

    @Test
    void gpt2CountsUpFreelyAt1KHzOr32KHzAndHoldsWhenStopped() {
        gpt.write32(GeneralPurposeTimers.GPT2_CTRL, CTRL_SPEED_FAST | CTRL_EN);
        advanceMs(2000);
        assertEquals(65536, gpt.read32(GeneralPurposeTimers.GPT2_CNT));
        assertEquals(0, scheduler.queued(), "counters are computed from the clock, not ticked");
        gpt.write32(GeneralPurposeTimers.GPT2_CTRL, CTRL_SPEED_FAST);
        advanceMs(2000);
        assertEquals(65536, gpt.read32(GeneralPurposeTimers.GPT2_CNT));
        gpt.write32(GeneralPurposeTimers.GPT2_CTRL, CTRL_EN); // 1 kHz, restarted from 0
        advanceMs(33_000);
        assertEquals(32768, gpt.read32(GeneralPurposeTimers.GPT2_CNT));
    }

    /** MediaTek's sequence: config_clk (INIT 0, OSC_CNT_1US 25), set_compare (EXPIRE), start (EN). */
    private void startGpt3(int expireMicros) {
        gpt.write32(GeneralPurposeTimers.GPT3_INIT, 0);
        int ctrl = gpt.read32(GeneralPurposeTimers.GPT3_CTRL) & ~GeneralPurposeTimers.GPT3_OSC_CNT_MASK;
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, ctrl | (25 << GeneralPurposeTimers.GPT3_OSC_CNT_SHIFT));
        gpt.write32(GeneralPurposeTimers.GPT3_EXPIRE, expireMicros);
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, gpt.read32(GeneralPurposeTimers.GPT3_CTRL) | CTRL_EN);
    }

    /** mtk_hdl_gpt_clear_irq_status for GPT3: ICLR set, then cleared. */
    private void clearGpt3() {
        int ctrl = gpt.read32(GeneralPurposeTimers.GPT3_CTRL);
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, ctrl | GeneralPurposeTimers.GPT3_CTRL_ICLR);
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, ctrl & ~GeneralPurposeTimers.GPT3_CTRL_ICLR);
    }

    @Test
    void gpt3CountsMicrosecondsAndInterruptsExactlyAtExpire() {
        startGpt3(5_000_000);
        advanceMs(1500);
        assertEquals(1_500_000, gpt.read32(GeneralPurposeTimers.GPT3_CNT));
        advance(3_499_999_999L);
        assertTrue(wakes.isEmpty());
        advance(1);
        assertEquals(List.of(Duration.ofSeconds(5)), wakes);

        assertEquals(GPT3, nvic.takePending());
        clearGpt3();
        nvic.complete(GPT3);
        assertFalse(nvic.hasPending(), "ICLR took the line down");
        advanceMs(10_000);
        assertEquals(1, wakes.size(), "one-shot: no second match while it runs on");
        assertEquals(15_000_000, gpt.read32(GeneralPurposeTimers.GPT3_CNT), "the counter runs on");
    }

    @Test
    void gpt3WithoutIclrKeepsItsLineAsserted() {
        startGpt3(100);
        advanceMs(1);
        assertEquals(GPT3, nvic.takePending());
        nvic.complete(GPT3);
        assertEquals(GPT3, nvic.takePending());
    }

    @Test
    void gpt3RestartedByTogglingEnFiresAgain() {
        startGpt3(100_000);
        advanceMs(100);
        assertEquals(GPT3, nvic.takePending());
        clearGpt3();
        int ctrl = gpt.read32(GeneralPurposeTimers.GPT3_CTRL); // mtk_hdl_gpt_restart_count
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, ctrl & ~CTRL_EN);
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, ctrl);
        nvic.complete(GPT3);
        assertEquals(0, gpt.read32(GeneralPurposeTimers.GPT3_CNT), "counting again from INIT");
        advanceMs(100);
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), wakes);
    }

    @Test
    void gpt3CountsAt26MHzOverOscCntPlusOne() {
        gpt.write32(GeneralPurposeTimers.GPT3_INIT, 1000);
        gpt.write32(GeneralPurposeTimers.GPT3_CTRL, (12 << GeneralPurposeTimers.GPT3_OSC_CNT_SHIFT) | CTRL_EN);
        advanceMs(1);
        assertEquals(1000 + 2000, gpt.read32(GeneralPurposeTimers.GPT3_CNT), "2 MHz, from INIT");
    }

    @Test
    void gpt4CountsTheBusClockOrHalfOfIt() {
        gpt.write32(GeneralPurposeTimers.GPT4_INIT, 7);
        gpt.write32(GeneralPurposeTimers.GPT4_CTRL, CTRL_SPEED_FAST | CTRL_EN);
        advanceMs(1);
        assertEquals(7 + 160_000, gpt.read32(GeneralPurposeTimers.GPT4_CNT));
        gpt.write32(GeneralPurposeTimers.GPT4_CTRL, CTRL_EN); // half speed, counting on from here
        advanceMs(1);
        assertEquals(7 + 160_000 + 80_000, gpt.read32(GeneralPurposeTimers.GPT4_CNT));
    }

    @Test
    void resetStopsEverythingAndDropsTheLines() {
        launchLikeTheAzureSample(0, 10);
        startGpt3(1000);
        advanceMs(1);
        assertTrue(nvic.isPending(GPT3));
        gpt.reset();
        nvic.write32(Nvic.ICPR, 1 << GPT3);
        assertFalse(nvic.isPending(GPT3), "the line is down, so it does not pend again");
        assertEquals(0, scheduler.queued());
        advanceMs(100);
        assertEquals(1, wakes.size(), "GPT0 never fired");
        assertEquals(25 << GeneralPurposeTimers.GPT3_OSC_CNT_SHIFT, gpt.read32(GeneralPurposeTimers.GPT3_CTRL));
    }

    @Test
    void theRegisterMapIsHdlGpts() {
        for (int offset : new int[] {0x00, 0x04, 0x10, 0x14, 0x20, 0x24, 0x30, 0x34, 0x40, 0x44, 0x50, 0x54, 0x58,
                0x5C, 0x60, 0x64, 0x68}) {
            assertTrue(gpt.hasRegister(offset), Integer.toHexString(offset));
        }
        assertFalse(gpt.hasRegister(0x08));
        assertFalse(gpt.hasRegister(0x6C));
    }
}
