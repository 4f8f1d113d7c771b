package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The little of applibs/networking.h that is modelled: Networking_IsNetworkingReady, from whether the device's network
 * is up (the runtime's say), and Networking_GetInterfaceCount, one interface (the MT3620's Wi-Fi, wlan0). Neither needs
 * a capability. Interfaces, IP configuration, time sync and the servers are not modelled yet.
 */
final class NetworkingApplibs {
    /** The MT3620's Wi-Fi; the reference board has no Ethernet. */
    static final int INTERFACES = 1;

    private NetworkingApplibs() {
    }

    /** @param networkUp whether the device has the network now; asked at each call, on the app's thread */
    static AppApplibs group(BooleanSupplier networkUp) {
        return (descriptors, waits) -> List.of(
                new HostFunction(Applibs.MODULE, "Networking_IsNetworkingReady", FunctionType.of(List.of(), List.of(ValType.I32)),
                        (instance, args) -> new long[] {networkUp.getAsBoolean() ? 1 : 0}),
                new HostFunction(Applibs.MODULE, "Networking_GetInterfaceCount", FunctionType.of(List.of(), List.of(ValType.I32)),
                        (instance, args) -> new long[] {INTERFACES}));
    }
}
