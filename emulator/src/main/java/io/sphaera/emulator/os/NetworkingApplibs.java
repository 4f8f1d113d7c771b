package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The little of applibs/networking.h that is modelled: Networking_IsNetworkingReady, from whether the device's network
 * is up (the runtime's say), Networking_GetInterfaceCount, one interface (the MT3620's Wi-Fi, wlan0), and its
 * connection status. None needs a capability. IP configuration, time sync and the servers are not modelled yet.
 */
final class NetworkingApplibs {
    /** The MT3620's Wi-Fi; the reference board has no Ethernet. */
    static final int INTERFACES = 1;
    static final String INTERFACE = "wlan0";
    private static final int UP = 1;
    private static final int CONNECTED = 2;
    private static final int IP = 4;
    private static final int INTERNET = 8;

    private NetworkingApplibs() {
    }

    /** @param networkUp whether the device has the network now; asked at each call, on the app's thread */
    static AppApplibs group(BooleanSupplier networkUp) {
        return (descriptors, waits) -> List.of(
                new HostFunction(Applibs.MODULE, "Networking_IsNetworkingReady", FunctionType.of(List.of(), List.of(ValType.I32)),
                        (instance, args) -> new long[] {networkUp.getAsBoolean() ? 1 : 0}),
                new HostFunction(Applibs.MODULE, "Networking_GetInterfaceCount", FunctionType.of(List.of(), List.of(ValType.I32)),
                        (instance, args) -> new long[] {INTERFACES}),
                // wlan0 is always up; with the network it is connected, has an address and reaches the internet.
                new HostFunction(Applibs.MODULE, "Networking_GetInterfaceConnectionStatus",
                        FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)), (instance, args) -> {
                            int length = (int) args[1];
                            if (length < 0 || length > 32) {
                                return Errno.ENOENT.asResult();
                            }
                            String name;
                            try {
                                name = new String(instance.memory().readBytes((int) args[0], length),
                                        java.nio.charset.StandardCharsets.US_ASCII);
                            } catch (com.dylibso.chicory.wasm.ChicoryException | IndexOutOfBoundsException e) {
                                return Errno.EFAULT.asResult();
                            }
                            if (!name.equals(INTERFACE)) {
                                return Errno.ENOENT.asResult();
                            }
                            return new long[] {networkUp.getAsBoolean() ? UP | CONNECTED | IP | INTERNET : UP};
                        }));
    }
}
