package io.sphaera.peripherals.timer;

import io.sphaera.peripherals.bus.RegisterBlock;
import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One I/O core's GPT block (at 0x21030000), with the registers MediaTek's {@code hdl_gpt.c} and the Azure samples'
 * {@code mt3620-timer.c} drive:
 * <ul>
 * <li>GPT0 and GPT1: down-counters from ICNT at 1 kHz or 32 kHz, one-shot or repeating; at zero each sets its bit
 *     in GPT_ISR (write 1 to clear), and the shared line {@link IoCoreIrq#GPT} is asserted while
 *     {@code GPT_ISR & GPT_IER} is not zero. Writing CTRL with RESTART starts a new period; the bit reads as 0.
 * <li>GPT2: a free-running up-counter at 1 kHz or 32 kHz.
 * <li>GPT3: an up-counter from INIT at 26 MHz / (OSC_CNT_1US + 1), 1 MHz once the driver has written 25; when it
 *     reaches EXPIRE it asserts {@link IoCoreIrq#GPT3} (there is no enable bit) until CTRL.ICLR is written as 1.
 *     One-shot: it fires again only after EN is cleared and set.
 * <li>GPT4: a free-running up-counter from INIT at the bus clock or half of it.
 * </ul>
 * Counters are computed from the clock when read, never ticked; an expiry is one task scheduled on the executor.
 * Setting EN (from 0) starts a counter afresh, as {@code hdl_gpt.c} relies on when it restarts GPT2-GPT4 by
 * toggling EN; clearing it holds the count. Where the BSP is silent this model chooses, and docs/m4-peripherals.md
 * lists each choice.
 *
 * <p>Not thread-safe: registers are accessed and expiries run on the device's executor thread only.
 */
public final class GeneralPurposeTimers implements RegisterBlock {
    public static final int GPT_ISR = 0x00;
    public static final int GPT_IER = 0x04;
    public static final int GPT0_CTRL = 0x10;
    public static final int GPT0_ICNT = 0x14;
    public static final int GPT1_CTRL = 0x20;
    public static final int GPT1_ICNT = 0x24;
    public static final int GPT2_CTRL = 0x30;
    public static final int GPT2_CNT = 0x34;
    public static final int GPT0_CNT = 0x40;
    public static final int GPT1_CNT = 0x44;
    public static final int GPT3_CTRL = 0x50;
    public static final int GPT3_INIT = 0x54;
    public static final int GPT3_CNT = 0x58;
    public static final int GPT3_EXPIRE = 0x5C;
    public static final int GPT4_CTRL = 0x60;
    public static final int GPT4_INIT = 0x64;
    public static final int GPT4_CNT = 0x68;

    /** CTRL bit of every timer: counting. */
    public static final int CTRL_EN = 1;
    /** GPT0/GPT1 CTRL: repeat (else one-shot). */
    public static final int CTRL_MODE_REPEAT = 1 << 1;
    /** GPT0/GPT1 CTRL: 32 kHz (else 1 kHz). */
    public static final int CTRL_SPEED_32K = 1 << 2;
    /** GPT0/GPT1 CTRL: start a new period; self-clearing. */
    public static final int CTRL_RESTART = 1 << 3;
    /** GPT2 CTRL: 32 kHz (else 1 kHz); GPT4 CTRL: the bus clock (else half of it). */
    public static final int CTRL_SPEED_FAST = 1 << 1;
    /** GPT3 CTRL: clear the GPT3 interrupt. */
    public static final int GPT3_CTRL_ICLR = 1 << 15;
    /** GPT3 CTRL: 26 MHz cycles per count, minus one, in bits 16-21. */
    public static final int GPT3_OSC_CNT_SHIFT = 16;
    public static final int GPT3_OSC_CNT_MASK = 0x3F << GPT3_OSC_CNT_SHIFT;

    /** The 32 kHz clock: 32.768 kHz (MediaTek's timer.h counts "32.768kHz ticks"). */
    public static final TickRate RATE_32K = new TickRate(32_768, 1_000_000_000L);
    /** The "1 kHz" setting, 32.768 kHz / 33 = 992.97 Hz: the Azure sample says 0.99 kHz to two places. */
    public static final TickRate RATE_1K = new TickRate(32_768, 33_000_000_000L);
    /** GPT3's source: the 26 MHz crystal. */
    public static final long GPT3_SOURCE_HZ = 26_000_000;
    /** GPT4's bus clock on the SoC ({@code hdl_gpt.c}: "fpga 40M, soc 160M"). */
    public static final long BUS_CLOCK_HZ = 160_000_000;
    /** OSC_CNT_1US at reset: 1 µs counts already (our choice; the driver writes 25 anyway). */
    private static final int GPT3_OSC_CNT_RESET = 25;

    private static final int INTERRUPT_BITS = 0x3;
    private static final long WRAP = 1L << 32;
    private static final Set<Integer> REGISTERS = Set.of(GPT_ISR, GPT_IER, GPT0_CTRL, GPT0_ICNT, GPT1_CTRL,
            GPT1_ICNT, GPT2_CTRL, GPT2_CNT, GPT0_CNT, GPT1_CNT, GPT3_CTRL, GPT3_INIT, GPT3_CNT, GPT3_EXPIRE,
            GPT4_CTRL, GPT4_INIT, GPT4_CNT);

    private final InstantSource clock;
    private final ScheduledExecutorService executor;
    private final Nvic nvic;
    private final Instant origin;

    private int interruptStatus;
    private int interruptEnable;
    private final CompareTimer[] compareTimers = {new CompareTimer(0), new CompareTimer(1)};
    private int gpt2Control;
    private final Counter gpt2 = new Counter();
    private int gpt3Control;
    private int gpt3Init;
    private int gpt3Expire;
    private boolean gpt3Fired;
    private boolean gpt3Armed;
    private final Counter gpt3 = new Counter();
    private ScheduledFuture<?> gpt3Expiry;
    private int gpt4Control;
    private int gpt4Init;
    private final Counter gpt4 = new Counter();

    public GeneralPurposeTimers(InstantSource clock, ScheduledExecutorService executor, Nvic nvic) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nvic = Objects.requireNonNull(nvic, "nvic");
        this.origin = clock.instant();
        gpt3Control = GPT3_OSC_CNT_RESET << GPT3_OSC_CNT_SHIFT;
    }

    @Override
    public boolean hasRegister(int offset) {
        return REGISTERS.contains(offset);
    }

    @Override
    public int read32(int offset) {
        long now = now();
        return switch (offset) {
            case GPT_ISR -> interruptStatus;
            case GPT_IER -> interruptEnable;
            case GPT0_CTRL -> compareTimers[0].control;
            case GPT1_CTRL -> compareTimers[1].control;
            case GPT0_ICNT -> compareTimers[0].compare;
            case GPT1_ICNT -> compareTimers[1].compare;
            case GPT0_CNT -> compareTimers[0].count(now);
            case GPT1_CNT -> compareTimers[1].count(now);
            case GPT2_CTRL -> gpt2Control;
            case GPT2_CNT -> gpt2.value(now);
            case GPT3_CTRL -> gpt3Control;
            case GPT3_INIT -> gpt3Init;
            case GPT3_CNT -> gpt3.value(now);
            case GPT3_EXPIRE -> gpt3Expire;
            case GPT4_CTRL -> gpt4Control;
            case GPT4_INIT -> gpt4Init;
            case GPT4_CNT -> gpt4.value(now);
            default -> throw noRegister(offset);
        };
    }

    @Override
    public void write32(int offset, int value) {
        long now = now();
        switch (offset) {
            case GPT_ISR -> {
                interruptStatus &= ~value;
                updateGptLine();
            }
            case GPT_IER -> {
                interruptEnable = value & INTERRUPT_BITS;
                updateGptLine();
            }
            case GPT0_CTRL -> compareTimers[0].writeControl(value, now);
            case GPT1_CTRL -> compareTimers[1].writeControl(value, now);
            case GPT0_ICNT -> compareTimers[0].compare = value;
            case GPT1_ICNT -> compareTimers[1].compare = value;
            case GPT2_CTRL -> {
                gpt2Control = value & (CTRL_EN | CTRL_SPEED_FAST);
                gpt2.control(gpt2Control, 0, (value & CTRL_SPEED_FAST) != 0 ? RATE_32K : RATE_1K, now);
            }
            case GPT3_CTRL -> writeGpt3Control(value, now);
            case GPT3_INIT -> gpt3Init = value;
            case GPT3_EXPIRE -> {
                gpt3Expire = value;
                scheduleGpt3(now);
            }
            case GPT4_CTRL -> {
                gpt4Control = value & (CTRL_EN | CTRL_SPEED_FAST);
                long hz = (value & CTRL_SPEED_FAST) != 0 ? BUS_CLOCK_HZ : BUS_CLOCK_HZ / 2;
                gpt4.control(gpt4Control, gpt4Init, new TickRate(hz, 1_000_000_000L), now);
            }
            case GPT4_INIT -> gpt4Init = value;
            case GPT0_CNT, GPT1_CNT, GPT2_CNT, GPT3_CNT, GPT4_CNT -> {
                // counters are read-only
            }
            default -> throw noRegister(offset);
        }
    }

    @Override
    public void reset() {
        for (CompareTimer timer : compareTimers) {
            timer.stop();
            timer.control = 0;
            timer.compare = 0;
            timer.heldCount = 0;
        }
        interruptStatus = 0;
        interruptEnable = 0;
        gpt2Control = 0;
        gpt2.clear();
        cancelGpt3();
        gpt3Control = GPT3_OSC_CNT_RESET << GPT3_OSC_CNT_SHIFT;
        gpt3Init = 0;
        gpt3Expire = 0;
        gpt3Fired = false;
        gpt3.clear();
        gpt4Control = 0;
        gpt4Init = 0;
        gpt4.clear();
        nvic.setLevel(IoCoreIrq.GPT, false);
        nvic.setLevel(IoCoreIrq.GPT3, false);
    }

    private void writeGpt3Control(int value, long now) {
        int kept = value & (CTRL_EN | GPT3_CTRL_ICLR | GPT3_OSC_CNT_MASK);
        boolean wasRunning = (gpt3Control & CTRL_EN) != 0;
        boolean running = (kept & CTRL_EN) != 0;
        gpt3Control = kept;
        if ((kept & GPT3_CTRL_ICLR) != 0 && gpt3Fired) {
            gpt3Fired = false;
            nvic.setLevel(IoCoreIrq.GPT3, false);
        }
        gpt3.control(kept, gpt3Init, gpt3Rate(), now);
        if (running && !wasRunning) {
            gpt3Armed = true;
        }
        if (!running) {
            gpt3Armed = false;
        }
        scheduleGpt3(now);
    }

    private TickRate gpt3Rate() {
        int cyclesPerCount = ((gpt3Control & GPT3_OSC_CNT_MASK) >>> GPT3_OSC_CNT_SHIFT) + 1;
        return new TickRate(GPT3_SOURCE_HZ, 1_000_000_000L * cyclesPerCount);
    }

    /** Arms GPT3's one expiry: when the count next equals EXPIRE (a full wrap if it equals it now). */
    private void scheduleGpt3(long now) {
        cancelGpt3();
        if (!gpt3Armed || !gpt3.running) {
            return;
        }
        long ticksNow = gpt3.ticks(now);
        long distance = Integer.toUnsignedLong(gpt3Expire - gpt3.value(now));
        if (distance == 0) {
            distance = WRAP;
        }
        long due = gpt3.startNanos + gpt3.rate.nanosFor(ticksNow + distance);
        gpt3Expiry = executor.schedule(this::expireGpt3, due - now, TimeUnit.NANOSECONDS);
    }

    private void expireGpt3() {
        gpt3Expiry = null;
        gpt3Armed = false;
        gpt3Fired = true;
        nvic.setLevel(IoCoreIrq.GPT3, true);
    }

    private void cancelGpt3() {
        if (gpt3Expiry != null) {
            gpt3Expiry.cancel(false);
            gpt3Expiry = null;
        }
    }

    private void updateGptLine() {
        nvic.setLevel(IoCoreIrq.GPT, (interruptStatus & interruptEnable) != 0);
    }

    private long now() {
        return Duration.between(origin, clock.instant()).toNanos();
    }

    private static IllegalArgumentException noRegister(int offset) {
        return new IllegalArgumentException("no GPT register at offset 0x" + Integer.toHexString(offset));
    }

    /** An up-counter computed from the time it started; it holds its value while stopped. */
    private static final class Counter {
        boolean running;
        long startNanos;
        long startValue;
        TickRate rate = RATE_1K;
        int held;

        /** Applies a CTRL write: EN from 0 starts at {@code initial}; a new rate while counting goes on from here. */
        void control(int control, int initial, TickRate newRate, long now) {
            boolean enable = (control & CTRL_EN) != 0;
            if (enable && !running) {
                start(Integer.toUnsignedLong(initial), newRate, now);
            } else if (!enable && running) {
                held = value(now);
                running = false;
            } else if (enable && !newRate.equals(rate)) {
                start(Integer.toUnsignedLong(value(now)), newRate, now);
            }
            rate = newRate;
        }

        private void start(long from, TickRate newRate, long now) {
            running = true;
            startNanos = now;
            startValue = from;
            rate = newRate;
        }

        long ticks(long now) {
            return rate.ticksIn(now - startNanos);
        }

        int value(long now) {
            return running ? (int) (startValue + ticks(now)) : held;
        }

        void clear() {
            running = false;
            held = 0;
            rate = RATE_1K;
        }
    }

    /** GPT0 or GPT1: counts ICNT down to zero, then sets its interrupt status, once or repeatedly. */
    private final class CompareTimer {
        final int index;
        int control;
        int compare;
        int heldCount;
        boolean running;
        long startNanos;
        TickRate rate = RATE_1K;
        /** Ticks since start at which the current period began, and its length. */
        long periodStart;
        long periodLength;
        ScheduledFuture<?> expiry;

        CompareTimer(int index) {
            this.index = index;
        }

        void writeControl(int value, long now) {
            int kept = value & (CTRL_EN | CTRL_MODE_REPEAT | CTRL_SPEED_32K);
            boolean enable = (kept & CTRL_EN) != 0;
            boolean newSpeed = ((kept ^ control) & CTRL_SPEED_32K) != 0;
            boolean restart = (value & CTRL_RESTART) != 0;
            control = kept;
            if (!enable) {
                if (running) {
                    heldCount = count(now);
                    stop();
                }
            } else if (!running || restart || newSpeed) {
                // a new period at the new speed; the RESTART bit itself is not kept
                start(now);
            }
        }

        private void start(long now) {
            stop();
            running = true;
            startNanos = now;
            rate = (control & CTRL_SPEED_32K) != 0 ? RATE_32K : RATE_1K;
            periodStart = 0;
            beginPeriod();
        }

        private void beginPeriod() {
            // a zero compare value would fire without end in no time: take it as one tick
            periodLength = Math.max(1, Integer.toUnsignedLong(compare));
            long due = startNanos + rate.nanosFor(periodStart + periodLength);
            expiry = executor.schedule(this::expire, Math.max(0, due - now()), TimeUnit.NANOSECONDS);
        }

        private void expire() {
            expiry = null;
            interruptStatus |= 1 << index;
            updateGptLine();
            if ((control & CTRL_MODE_REPEAT) != 0) {
                periodStart += periodLength;
                beginPeriod();
            } else {
                running = false;
                heldCount = 0;
            }
        }

        int count(long now) {
            if (!running) {
                return heldCount;
            }
            long left = periodStart + periodLength - rate.ticksIn(now - startNanos);
            return (int) Math.max(0, left);
        }

        void stop() {
            running = false;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        }
    }
}
