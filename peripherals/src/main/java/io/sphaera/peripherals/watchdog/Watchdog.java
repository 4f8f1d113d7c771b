package io.sphaera.peripherals.watchdog;

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
 * One I/O core's watchdog (WDT, at 0x21020000), with the registers MediaTek's {@code hdl_wdt.c} drives. Each write
 * must carry its register's key, or it is ignored:
 * <ul>
 * <li>{@link #MODE}: {@link #MODE_ENABLE}, {@link #MODE_IRQ} (on timeout interrupt the core instead of resetting
 *     it), {@link #MODE_IRQ_OTHER_EN} (kept, no effect); written with {@link #MODE_KEY}. Reads the bits, no key.
 * <li>{@link #LENGTH}: the timeout, {@code (ticks & 0x7FF) << 5 | LENGTH_KEY}; a timeout of {@code ticks + 1}
 *     units of 1024 cycles of 32.768 kHz, 1/32 s each, so {@code WDT_LENGTH_SEC2TICK(s) = 32 s - 1} gives s seconds
 *     and 0x7FF gives the driver's maximum of 64 s.
 * <li>{@link #RESTART}: writing {@link #RESTART_KEY} starts a new period (the kick).
 * <li>{@link #STA}: why the core was last reset: {@link #STA_HW_RESET} (timeout) or {@link #STA_SW_RESET}
 *     ({@link #SWRST}), else 0.
 * <li>{@link #SWRST}: writing {@link #SWRST_KEY} resets the core at once.
 * </ul>
 * The counter runs only while enabled; setting EN from 0 or a restart starts a period with the current length. On
 * timeout in interrupt mode it pulses {@link IoCoreIrq#WATCHDOG} (IRQ 3) and starts the next period; in reset mode
 * it puts its own registers back to reset with STA set and asks the owner to reset the core through the
 * {@code Runnable} given. The owner (the OS model) restarts the core's app and then calls {@link #reset()}, which
 * keeps that STA for the new app to read; a later reset the watchdog did not cause clears it.
 *
 * <p>Time comes only from the injected clock and the one expiry is a task on the injected executor, so it runs in
 * virtual time. Not thread-safe: registers are accessed and expiries run on the device's executor thread only.
 */
public final class Watchdog implements RegisterBlock {
    public static final int MODE = 0x30;
    public static final int LENGTH = 0x34;
    public static final int RESTART = 0x38;
    /** Read-only. */
    public static final int STA = 0x3C;
    public static final int SWRST = 0x44;

    public static final int MODE_ENABLE = 0x0001;
    /** Timeout interrupts (IRQ 3) instead of resetting the core. */
    public static final int MODE_IRQ = 0x0008;
    /** {@code WDT_MODE_IRQ_OTHER_EN}: kept as written, no effect here; the driver clears it when enabling. */
    public static final int MODE_IRQ_OTHER_EN = 0x0010;
    /** Bits 8-15 of every MODE write. */
    public static final int MODE_KEY = 0x2200;
    /** Bits 0-4 of every LENGTH write. */
    public static final int LENGTH_KEY = 0x0008;
    public static final int LENGTH_SHIFT = 5;
    /** The largest length, 64 s ({@code WDT_LENGTH_MAX}); also the reset value here. */
    public static final int LENGTH_MAX = 0x07FF;
    public static final int RESTART_KEY = 0x1971;
    public static final int SWRST_KEY = 0x1209;
    /** {@code WDT_HW_RST_STA}: the last reset was a timeout. */
    public static final int STA_HW_RESET = 0x8000;
    /** {@code WDT_SW_RST_STA}: the last reset was a write to SWRST. */
    public static final int STA_SW_RESET = 0x4000;
    /** One length unit: 1024 cycles of the 32.768 kHz clock, 1/32 s. */
    public static final Duration LENGTH_UNIT = Duration.ofNanos(31_250_000);

    private static final int MODE_BITS = MODE_ENABLE | MODE_IRQ | MODE_IRQ_OTHER_EN;
    private static final int MODE_KEY_MASK = 0xFF00;
    private static final int LENGTH_KEY_MASK = 0x1F;
    private static final Set<Integer> REGISTERS = Set.of(MODE, LENGTH, RESTART, STA, SWRST);

    private final InstantSource clock;
    private final ScheduledExecutorService executor;
    private final Nvic nvic;
    private final Runnable resetRequest;

    private int mode;
    private int length = LENGTH_MAX;
    private int status;
    /** STA for the core reset the watchdog has asked for and the owner has not yet done. */
    private int causeOfRequestedReset;
    private Instant deadline;
    private ScheduledFuture<?> expiry;

    /**
     * @param clock the device's virtual clock
     * @param executor the device's executor, where the expiry runs
     * @param nvic the core's NVIC, for the timeout interrupt
     * @param resetRequest asked to reset the core (timeout in reset mode, or SWRST); runs on the executor
     */
    public Watchdog(InstantSource clock, ScheduledExecutorService executor, Nvic nvic, Runnable resetRequest) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nvic = Objects.requireNonNull(nvic, "nvic");
        this.resetRequest = Objects.requireNonNull(resetRequest, "resetRequest");
    }

    @Override
    public boolean hasRegister(int offset) {
        return REGISTERS.contains(offset);
    }

    @Override
    public int read32(int offset) {
        return switch (offset) {
            case MODE -> mode;
            case LENGTH -> length << LENGTH_SHIFT;
            case RESTART, SWRST -> 0;
            case STA -> status;
            default -> throw noRegister(offset);
        };
    }

    @Override
    public void write32(int offset, int value) {
        switch (offset) {
            case MODE -> {
                if ((value & MODE_KEY_MASK) == MODE_KEY) {
                    writeMode(value & MODE_BITS);
                }
            }
            case LENGTH -> {
                // takes effect at the next restart or enable: the driver always restarts after it
                if ((value & LENGTH_KEY_MASK) == LENGTH_KEY) {
                    length = (value >>> LENGTH_SHIFT) & LENGTH_MAX;
                }
            }
            case RESTART -> {
                if (value == RESTART_KEY && isEnabled()) {
                    startPeriod(clock.instant());
                }
            }
            case SWRST -> {
                if (value == SWRST_KEY) {
                    resetCore(STA_SW_RESET);
                    // not inside the core's store: the owner hears of it as its own task
                    executor.execute(resetRequest);
                }
            }
            case STA -> {
                // read-only
            }
            default -> throw noRegister(offset);
        }
    }

    /**
     * The core is reset: every register back to its reset value (disabled, length 64 s). STA keeps the cause when
     * this is the reset the watchdog asked for, else reads 0.
     */
    @Override
    public void reset() {
        cancelExpiry();
        mode = 0;
        length = LENGTH_MAX;
        status = causeOfRequestedReset;
        causeOfRequestedReset = 0;
    }

    /** Whether the counter is running. */
    public boolean isEnabled() {
        return (mode & MODE_ENABLE) != 0;
    }

    /** The timeout a restart would set now: {@code (length + 1) / 32} s. */
    public Duration timeout() {
        return LENGTH_UNIT.multipliedBy(length + 1L);
    }

    private void writeMode(int bits) {
        boolean wasEnabled = isEnabled();
        mode = bits;
        if (isEnabled() && !wasEnabled) {
            startPeriod(clock.instant());
        } else if (!isEnabled()) {
            cancelExpiry();
        }
    }

    private void startPeriod(Instant from) {
        cancelExpiry();
        deadline = from.plus(timeout());
        long delay = Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
        expiry = executor.schedule(this::expire, delay, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        expiry = null;
        if ((mode & MODE_IRQ) != 0) {
            // nothing in the BSP clears a watchdog interrupt, so it is a pulse; the counter goes on from the deadline
            nvic.raise(IoCoreIrq.WATCHDOG);
            startPeriod(deadline);
        } else {
            resetCore(STA_HW_RESET);
            resetRequest.run();
        }
    }

    /** The watchdog resets the core, itself included, and remembers why for the core's next run. */
    private void resetCore(int cause) {
        causeOfRequestedReset = cause;
        cancelExpiry();
        mode = 0;
        length = LENGTH_MAX;
        status = cause;
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        deadline = null;
    }

    private static IllegalArgumentException noRegister(int offset) {
        return new IllegalArgumentException("no watchdog register at offset 0x" + Integer.toHexString(offset));
    }
}
