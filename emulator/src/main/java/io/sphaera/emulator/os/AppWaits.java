package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * An app's timers (sys/timerfd.h) and its event loop's wait (applibs/eventloop.h), on the device's clock: the wait
 * blocks on the app's {@link AppThread}, so the device's executor decides when the app wakes. read() of a timer gives
 * its expirations (WASI's fd_read, taken over for the app's own descriptors by {@link WasiFiles}).
 */
public final class AppWaits {
    private static final int TFD_NONBLOCK = 0x800;
    private static final int TFD_CLOEXEC = 0x80000;
    private static final int TFD_TIMER_ABSTIME = 1;
    /** A wait with nothing to wake it: the device's stop ends it, or virtual time runs out first. */
    private static final Duration FOREVER = Duration.ofDays(3650);

    /**
     * One timer: when it next expires (null: disarmed), its period (zero: once), expirations not yet read. read()
     * gives its expirations (see {@link #read}).
     */
    private final class Timer implements AppFile {
        final boolean nonBlocking;
        Instant next;
        Duration interval = Duration.ZERO;
        long expirations;

        Timer(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
        }

        /** Counts the expirations up to {@code now}. */
        void catchUp(Instant now) {
            if (next == null || now.isBefore(next)) {
                return;
            }
            if (interval.isZero()) {
                expirations++;
                next = null;
                return;
            }
            long periods = Duration.between(next, now).toNanos() / interval.toNanos() + 1;
            expirations += periods;
            next = next.plus(interval.multipliedBy(periods));
        }

        @Override
        public boolean readable() {
            catchUp(clock.instant());
            return expirations > 0;
        }

        /** 8 bytes, the expirations since the last read, as Linux gives them; blocks until one unless non-blocking. */
        @Override
        public int read(byte[] into) {
            if (into.length < 8) {
                return -Errno.EINVAL.value();
            }
            catchUp(clock.instant());
            if (expirations == 0) {
                if (nonBlocking || next == null) {
                    return -Errno.EAGAIN.value();
                }
                thread.sleep(Duration.between(clock.instant(), next));
                catchUp(clock.instant());
            }
            java.nio.ByteBuffer.wrap(into).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(expirations);
            expirations = 0;
            return 8;
        }
    }

    private final AppThread thread;
    private final InstantSource clock;
    private final AppDescriptors descriptors;

    AppWaits(AppThread thread, InstantSource clock, AppDescriptors descriptors) {
        this.thread = thread;
        this.clock = clock;
        this.descriptors = descriptors;
    }

    /** timerfd_create, timerfd_settime and EventLoop_Wait, imported from "applibs". */
    List<HostFunction> eventLoop() {
        return List.of(
                new HostFunction(Applibs.MODULE, "timerfd_create", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> {
                            int clockId = (int) args[0];
                            int flags = (int) args[1];
                            if (clockId < 0 || clockId > 1 || (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC)) != 0) {
                                return new long[] {-Errno.EINVAL.value()};
                            }
                            return new long[] {descriptors.add(new Timer((flags & TFD_NONBLOCK) != 0))};
                        }),
                new HostFunction(Applibs.MODULE, "timerfd_settime",
                        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I64, ValType.I64), List.of(ValType.I32)),
                        (instance, args) -> {
                            Timer t = descriptors.get((int) args[0], Timer.class).orElse(null);
                            if (t == null) {
                                return new long[] {-Errno.EBADF.value()};
                            }
                            int flags = (int) args[1];
                            long value = args[2];
                            long interval = args[3];
                            if (value < 0 || interval < 0 || (flags & ~TFD_TIMER_ABSTIME) != 0) {
                                return new long[] {-Errno.EINVAL.value()};
                            }
                            t.expirations = 0;
                            t.interval = Duration.ofNanos(interval);
                            t.next = value == 0 ? null
                                    : (flags & TFD_TIMER_ABSTIME) != 0 ? Instant.EPOCH.plusNanos(value) : clock.instant().plusNanos(value);
                            return new long[] {0};
                        }),
                new HostFunction(Applibs.MODULE, "EventLoop_Wait",
                        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> new long[] {eventLoopWait(instance.memory(), (int) args[0], (int) args[1], (int) args[2],
                                (int) args[3])}));
    }

    private int eventLoopWait(Memory memory, int fdsAddress, int count, int timeoutMs, int readyAddress) {
        if (count < 0 || count > 1024) {
            return -Errno.EINVAL.value();
        }
        List<AppFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(descriptors.get(memory.readInt(fdsAddress + 4 * i), AppFile.class).orElse(null));
        }
        int ready = readiness(memory, files, readyAddress);
        if (ready > 0 || timeoutMs == 0) {
            return ready;
        }
        Instant deadline = timeoutMs > 0 ? clock.instant().plusMillis(timeoutMs) : null;
        while (true) {
            Instant now = clock.instant();
            Duration wait = deadline != null ? Duration.between(now, deadline) : FOREVER;
            for (AppFile f : files) {
                if (f instanceof Timer t && t.next != null) {
                    Duration until = Duration.between(now, t.next);
                    if (until.compareTo(wait) < 0) {
                        wait = until.isNegative() ? Duration.ZERO : until;
                    }
                }
            }
            // A message or another event that comes first wakes the wait (see AppFile#readable); a wake that finds
            // nothing ready (a nudge for a descriptor of another app's loop) waits on, so the app never sees it.
            thread.waitUntilWoken(wait);
            ready = readiness(memory, files, readyAddress);
            if (ready > 0 || (deadline != null && !clock.instant().isBefore(deadline))) {
                return ready;
            }
        }
    }

    /** Writes each descriptor's events (input when a timer has expirations or a file is readable); how many are ready. */
    private int readiness(Memory memory, List<AppFile> files, int readyAddress) {
        Instant now = clock.instant();
        int ready = 0;
        for (int i = 0; i < files.size(); i++) {
            AppFile f = files.get(i);
            if (f instanceof Timer t) {
                t.catchUp(now);
            }
            boolean input = f != null && f.readable();
            memory.writeI32(readyAddress + 4 * i, input ? 1 : 0);
            if (input) {
                ready++;
            }
        }
        return ready;
    }

    /**
     * On the app's thread: waits until {@code ready} holds or {@code limit} of the device's time has passed (a
     * blocking receive); whoever makes it ready calls {@link #waker()}'s runnable.
     */
    boolean waitFor(java.util.function.BooleanSupplier ready, Duration limit) {
        Instant until = clock.instant().plus(limit);
        while (!ready.getAsBoolean()) {
            Duration left = Duration.between(clock.instant(), until);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            thread.waitUntilWoken(left);
        }
        return true;
    }

    /** Wakes the app's wait, from anywhere on the device (a message came for it, bytes reached a UART). */
    Runnable waker() {
        return thread::wake;
    }

    /**
     * On the app's thread: gives control back to the device for good, for a call that does not return (a forced
     * reboot or power-down): the device's stop ends the app where it waits.
     */
    void untilStopped() {
        while (true) {
            thread.sleep(FOREVER);
        }
    }
}
