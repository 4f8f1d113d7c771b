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

/**
 * tlsutils/deviceauth.h's DeviceAuth_GetCertificatePath for one app: the path of the device's client certificate for
 * the tenant the manifest's DeviceAuthentication names, "/run/daa/TENANT" (ours: the platform only says the path may
 * change when the app restarts). The file itself is not in the app's sandbox yet: opening it fails. Without the
 * capability the call is EACCES, noted in the OS log.
 */
final class DeviceAuthApplibs {
    static final String DIRECTORY = "/run/daa/";

    private DeviceAuthApplibs() {
    }

    /**
     * @param tenant   the manifest's DeviceAuthentication, if it has it
     * @param refusals where calls outside the manifest are noted (the OS log)
     */
    static AppApplibs group(Optional<UUID> tenant, Consumer<String> refusals) {
        return (descriptors, waits) -> List.of(new HostFunction(Applibs.MODULE, "DeviceAuth_GetCertificatePath",
                FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)), (instance, args) -> {
                    if (tenant.isEmpty()) {
                        refusals.accept("DeviceAuth_GetCertificatePath refused: no DeviceAuthentication in the manifest (EACCES)");
                        return Errno.EACCES.asResult();
                    }
                    byte[] path = (DIRECTORY + tenant.get()).getBytes(StandardCharsets.US_ASCII);
                    int address = (int) args[0];
                    int size = (int) args[1];
                    if (size < path.length + 1) {
                        return Errno.ERANGE.asResult();
                    }
                    try {
                        instance.memory().write(address, path);
                        instance.memory().writeByte(address + path.length, (byte) 0);
                        return new long[] {path.length};
                    } catch (ChicoryException | IndexOutOfBoundsException e) {
                        return Errno.EFAULT.asResult();
                    }
                }));
    }
}
