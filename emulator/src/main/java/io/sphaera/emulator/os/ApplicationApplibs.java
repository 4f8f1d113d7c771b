package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Application_Connect (applibs/application.h): a socket to a real-time app, when the high-level app's manifest lists
 * it in AllowedApplicationConnections and the real-time app's lists the high-level app (EACCES otherwise, noted in the
 * OS log); ECONNREFUSED when no such real-time app runs; EINVAL for a component ID that is not one. And
 * Application_IsDeviceAuthReady: whether the device holds its daily device-authentication certificate.
 */
final class ApplicationApplibs {
    /** What the OS knows of a running real-time app: its channel, and whether it lets this app connect. */
    record Peer(IntercoreChannel channel, boolean allows) {
    }

    private ApplicationApplibs() {
    }

    /**
     * @param self    the high-level app's component ID
     * @param allowed its manifest's AllowedApplicationConnections
     * @param peers   the running real-time app with a component ID, if any
     */
    static AppApplibs group(UUID self, List<UUID> allowed, Function<UUID, Optional<Peer>> peers,
                            java.util.function.BooleanSupplier deviceAuthReady, Consumer<String> refusals) {
        return (descriptors, waits) -> List.of(
                // Whether the device holds its daily certificate: the platform says so without a capability.
                new HostFunction(Applibs.MODULE, "Application_IsDeviceAuthReady", FunctionType.of(List.of(), List.of(ValType.I32)),
                        (instance, args) -> new long[] {deviceAuthReady.getAsBoolean() ? 1 : 0}),
                new HostFunction(Applibs.MODULE, "Application_Connect",
                FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)), (instance, args) -> {
                    int length = (int) args[1];
                    if (length < 0 || length > 64) {
                        return Errno.EINVAL.asResult();
                    }
                    String text;
                    try {
                        text = new String(instance.memory().readBytes((int) args[0], length), StandardCharsets.US_ASCII);
                    } catch (ChicoryException | IndexOutOfBoundsException e) {
                        return Errno.EFAULT.asResult();
                    }
                    UUID peer;
                    try {
                        if (text.length() != 36) {
                            throw new IllegalArgumentException(text);
                        }
                        peer = UUID.fromString(text);
                    } catch (IllegalArgumentException e) {
                        return Errno.EINVAL.asResult();
                    }
                    if (!allowed.contains(peer)) {
                        refusals.accept("connection to " + peer + " refused: not in AllowedApplicationConnections (EACCES)");
                        return Errno.EACCES.asResult();
                    }
                    Optional<Peer> running = peers.apply(peer);
                    if (running.isEmpty()) {
                        return Errno.ECONNREFUSED.asResult();
                    }
                    if (!running.get().allows()) {
                        refusals.accept("connection to " + peer + " refused: its AllowedApplicationConnections does not"
                                + " list " + self + " (EACCES)");
                        return Errno.EACCES.asResult();
                    }
                    return new long[] {descriptors.add(new IntercoreSocket(running.get().channel(), self, waits))};
                }));
    }
}
