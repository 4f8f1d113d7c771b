package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sphaera.peripherals.flash.FlashProgramException;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * applibs/storage.h for one app: Storage_OpenMutableFile and Storage_DeleteMutableFile on the app's mutable file,
 * kept in the device's flash by component ID ({@link MutableStorage}); read, write, lseek and close on the descriptor
 * are WASI's ({@link WasiFiles}). Without MutableStorage in the manifest, or with a SizeKB of 0, both calls are EACCES
 * (the platform's headers' errno) and noted in the OS log.
 */
final class StorageApplibs {
    private final MutableStorage storage;
    private final UUID app;
    private final OptionalInt sizeKiB;
    private final Consumer<String> refusals;
    private final AppDescriptors descriptors;
    /** The file this run of the app has open, shared by its descriptors; null until the first open. */
    private MutableFile file;

    private StorageApplibs(MutableStorage storage, UUID app, OptionalInt sizeKiB, Consumer<String> refusals,
                           AppDescriptors descriptors) {
        this.storage = storage;
        this.app = app;
        this.sizeKiB = sizeKiB;
        this.refusals = refusals;
        this.descriptors = descriptors;
    }

    /**
     * @param app      the app's component ID: its file is found by it, and by nothing else
     * @param sizeKiB  the manifest's MutableStorage SizeKB, if it has the capability
     * @param refusals where calls outside the manifest are noted (the OS log)
     */
    static AppApplibs group(MutableStorage storage, UUID app, OptionalInt sizeKiB, Consumer<String> refusals) {
        return (descriptors, waits) -> new StorageApplibs(storage, app, sizeKiB, refusals, descriptors).functions();
    }

    private List<HostFunction> functions() {
        return List.of(
                function("Storage_OpenMutableFile", this::open),
                function("Storage_DeleteMutableFile", this::delete));
    }

    private int open() {
        if (!granted("Storage_OpenMutableFile")) {
            return -Errno.EACCES.value();
        }
        if (file == null || file.deleted()) {
            byte[] stored = storage.read(app).orElse(null);
            if (stored == null) {
                stored = new byte[0];
                try {
                    storage.write(app, stored, 0); // opening creates the file, so Delete finds it
                } catch (FlashProgramException e) {
                    return -Errno.EIO.value();
                }
            }
            file = new MutableFile(storage, app, sizeKiB.getAsInt() * 1024, stored);
        }
        return descriptors.add(file.open());
    }

    private int delete() {
        if (!granted("Storage_DeleteMutableFile")) {
            return -Errno.EACCES.value();
        }
        if (!storage.delete(app)) {
            return -Errno.ENOENT.value();
        }
        if (file != null) {
            file.delete();
        }
        return 0;
    }

    private boolean granted(String call) {
        if (sizeKiB.isPresent() && sizeKiB.getAsInt() > 0) {
            return true;
        }
        refusals.accept(call + " refused: no MutableStorage capability in the manifest (EACCES)");
        return false;
    }

    private static HostFunction function(String name, java.util.function.IntSupplier body) {
        return new HostFunction(Applibs.MODULE, name, FunctionType.of(List.of(), List.of(ValType.I32)),
                (instance, args) -> new long[] {body.getAsInt()});
    }
}
