package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * WASI's time on the device's clock: clock_time_get, and poll_oneoff for the clock, which is what nanosleep, sleep
 * and usleep come to in wasi-libc.
 * The app waits on its {@link AppThread}, so its time passes on the device's executor (virtual time in a simulation)
 * instead of the host's. A subscription to a file gets ENOTSUP: an app has no files to wait on yet.
 */
final class ClockWaits {
    private static final int SUBSCRIPTION = 48;
    private static final int EVENT = 32;
    private static final int TAG_CLOCK = 0;
    private static final int ABSOLUTE = 1;
    private static final int WASI_ENOTSUP = 58;
    private static final int WASI_EINVAL = 28;

    private ClockWaits() {
    }

    /**
     * WASI's clock_time_get on the device's clock, for every clock ID: Chicory's own reads the host's monotonic timer
     * for CLOCK_MONOTONIC, which would make an app's measured intervals differ from run to run.
     */
    static HostFunction clockTimeGet(InstantSource clock) {
        return new HostFunction("wasi_snapshot_preview1", "clock_time_get",
                FunctionType.of(List.of(ValType.I32, ValType.I64, ValType.I32), List.of(ValType.I32)),
                (instance, args) -> {
                    int id = (int) args[0];
                    if (id < 0 || id > 3) {
                        return new long[] {WASI_EINVAL};
                    }
                    Instant now = clock.instant();
                    instance.memory().writeLong((int) args[2], now.getEpochSecond() * 1_000_000_000L + now.getNano());
                    return new long[] {0};
                });
    }

    /** The latest time a wait can name: WASI's timeouts are unsigned 64-bit nanoseconds; the largest mean "never". */
    private static final Instant NEVER = Instant.EPOCH.plusNanos(Long.MAX_VALUE);

    /** When a subscription is due; {@code timeout} is unsigned, and a due time past {@link #NEVER} is clamped to it. */
    static Instant dueTime(Instant now, long timeout, boolean absolute) {
        if (timeout < 0) {
            return NEVER; // 2^63 ns or more: beyond any run
        }
        Instant due = absolute ? Instant.EPOCH.plusNanos(timeout) : now.plusNanos(timeout);
        return due.isAfter(NEVER) ? NEVER : due;
    }

    static HostFunction pollOneoff(AppThread thread, InstantSource clock) {
        return new HostFunction("wasi_snapshot_preview1", "poll_oneoff",
                FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
                (instance, args) -> {
                    Memory memory = instance.memory();
                    int in = (int) args[0];
                    int out = (int) args[1];
                    int count = (int) args[2];
                    int written = (int) args[3];
                    if (count <= 0) {
                        return new long[] {WASI_EINVAL};
                    }
                    Instant now = clock.instant();
                    Instant[] due = new Instant[count];
                    int soonest = 0;
                    for (int i = 0; i < count; i++) {
                        int s = in + i * SUBSCRIPTION;
                        if (memory.read(s + 8) != TAG_CLOCK) {
                            return new long[] {WASI_ENOTSUP};
                        }
                        long timeout = memory.readLong(s + 24);
                        int flags = memory.readShort(s + 40) & 0xFFFF;
                        due[i] = dueTime(now, timeout, (flags & ABSOLUTE) != 0);
                        if (due[i].isBefore(due[soonest])) {
                            soonest = i;
                        }
                    }
                    Duration wait = Duration.between(now, due[soonest]);
                    thread.sleep(wait.isNegative() ? Duration.ZERO : wait);
                    // Every subscription due by now is answered, and the soonest always is: the device's timer woke
                    // the app for it, even if a real clock reads a hair earlier than its due time.
                    Instant woke = clock.instant();
                    int events = 0;
                    for (int i = 0; i < count; i++) {
                        if (i == soonest || !woke.isBefore(due[i])) {
                            int s = in + i * SUBSCRIPTION;
                            int e = out + events * EVENT;
                            memory.writeLong(e, memory.readLong(s)); // userdata
                            memory.writeShort(e + 8, (short) 0); // no error
                            memory.writeByte(e + 10, (byte) TAG_CLOCK);
                            events++;
                        }
                    }
                    memory.writeI32(written, events);
                    return new long[] {0};
                });
    }
}
