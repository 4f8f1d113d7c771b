package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The applibs functions an app imports from the module "applibs" (sdk/include/applibs/*.h). Each returns a value
 * >= 0, or an errno negated, in the app's libc numbering (wasi-libc's, which the headers' wrappers put in errno).
 */
public final class Applibs {
    static final String MODULE = "applibs";
    /** Log_Debug truncates a line at the platform's buffer size; the header formats into 1 KiB. */
    static final int MAX_LOG_TEXT = 1024;

    private Applibs() {
    }

    /** What every app has: Log_Debug, and timers with the event loop's wait. */
    public static AppApplibs logOnly(AppLog log) {
        return (descriptors, waits) -> {
            List<HostFunction> all = new java.util.ArrayList<>();
            all.add(logDebug(log));
            all.addAll(waits.eventLoop());
            return List.copyOf(all);
        };
    }

    /**
     * The applibs of a high-level app: Log_Debug, and GPIO for the GPIOs {@code granted}, through the chip's registers
     * on the A7's side of the firewall; calls outside the grant go to {@code refusals} (the OS log) as well as failing.
     */
    public static AppApplibs forHighLevelApp(AppLog log, java.util.Set<Integer> granted, io.sphaera.peripherals.bus.PeripheralBus bus,
                                             java.util.function.Consumer<String> refusals) {
        return (descriptors, waits) -> {
            List<HostFunction> all = new java.util.ArrayList<>();
            all.add(logDebug(log));
            all.addAll(new GpioApplibs(granted, bus, refusals, descriptors).functions());
            all.addAll(waits.eventLoop());
            return List.copyOf(all);
        };
    }

    /**
     * Several groups of applibs as one app's set (GPIO, storage, power...): each group is made for the app when it
     * starts, sharing its descriptors and waits. A7Runtime composes the groups the manifest allows.
     */
    public static AppApplibs combine(List<AppApplibs> groups) {
        List<AppApplibs> copy = List.copyOf(groups);
        return (descriptors, waits) -> {
            List<HostFunction> all = new java.util.ArrayList<>();
            for (AppApplibs group : copy) {
                all.addAll(group.functions(descriptors, waits));
            }
            return List.copyOf(all);
        };
    }

    static HostFunction logDebug(AppLog log) {
        return new HostFunction(MODULE, "Log_Debug", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
                (Instance instance, long... args) -> {
                    int address = (int) args[0];
                    int length = (int) Math.min(Math.max(args[1], 0), MAX_LOG_TEXT);
                    try {
                        log.write(new String(instance.memory().readBytes(address, length), StandardCharsets.UTF_8));
                        return new long[] {0};
                    } catch (ChicoryException | IndexOutOfBoundsException e) {
                        return Errno.EFAULT.asResult();
                    }
                });
    }
}
