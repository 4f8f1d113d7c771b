package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import java.util.List;

/**
 * The applibs functions of one app, made when it starts: they share its descriptors, and its waits (timers and the
 * event loop) pass on its thread, on the device's time.
 */
@FunctionalInterface
public interface AppApplibs {
    List<HostFunction> functions(AppDescriptors descriptors, AppWaits waits);
}
