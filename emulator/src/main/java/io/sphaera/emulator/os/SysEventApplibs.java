package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.function.Consumer;

/**
 * applibs/sysevent.h: registration for system events (SystemEventNotifications, else EACCES, noted; one registration
 * at a time, else EEXIST: our choice, the platform documents only that there is one), the events through a
 * descriptor the header's event-loop callback reads, and deferral (SoftwareUpdateDeferral, else EACCES; only while an
 * update is pending, else EINVAL).
 */
final class SysEventApplibs {
    private static final int KNOWN_EVENTS = SystemEvents.UPDATE_READY_FOR_INSTALL | SystemEvents.UPDATE_STARTED
            | SystemEvents.NO_UPDATE_AVAILABLE;

    /** The registration's descriptor: readable while events wait; closing it unregisters. */
    private static final class Registration implements AppFile {
        final SystemEvents events;

        Registration(SystemEvents events) {
            this.events = events;
        }

        @Override
        public boolean readable() {
            return events.hasEvent();
        }

        @Override
        public void close() {
            events.unregister();
        }
    }

    private SysEventApplibs() {
    }

    static AppApplibs group(SystemEvents events, boolean notifications, boolean deferral, Consumer<String> refusals) {
        return (descriptors, waits) -> List.of(
                new HostFunction(Applibs.MODULE, "SysEvent_Register", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> {
                            int mask = (int) args[0];
                            if (!notifications) {
                                refusals.accept("system events refused: SystemEventNotifications is not in the manifest (EACCES)");
                                return Errno.EACCES.asResult();
                            }
                            if (mask == 0 || (mask & ~KNOWN_EVENTS) != 0) {
                                return Errno.EINVAL.asResult();
                            }
                            if (!events.register(mask, waits.waker())) {
                                return Errno.EEXIST.asResult();
                            }
                            return new long[] {descriptors.add(new Registration(events))};
                        }),
                new HostFunction(Applibs.MODULE, "SysEvent_Next",
                        FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)), (instance, args) -> {
                            if (descriptors.get((int) args[0], Registration.class).isEmpty()) {
                                return Errno.EBADF.asResult();
                            }
                            var next = events.next();
                            if (next.isEmpty()) {
                                return new long[] {0};
                            }
                            // Four 32-bit words: event, status, max deferral in minutes, update type.
                            Memory memory = instance.memory();
                            try {
                                int at = (int) args[1];
                                memory.writeI32(at, next.get().event());
                                memory.writeI32(at + 4, next.get().status());
                                memory.writeI32(at + 8, next.get().maxDeferralMinutes());
                                memory.writeI32(at + 12, next.get().updateType());
                            } catch (ChicoryException | IndexOutOfBoundsException e) {
                                return Errno.EFAULT.asResult();
                            }
                            return new long[] {1};
                        }),
                new HostFunction(Applibs.MODULE, "SysEvent_DeferEvent",
                        FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)), (instance, args) -> {
                            if (!deferral) {
                                refusals.accept("update deferral refused: SoftwareUpdateDeferral is not in the manifest (EACCES)");
                                return Errno.EACCES.asResult();
                            }
                            if ((int) args[0] != SystemEvents.UPDATE_READY_FOR_INSTALL
                                    || !events.defer(Integer.toUnsignedLong((int) args[1]))) {
                                return Errno.EINVAL.asResult();
                            }
                            return new long[] {0};
                        }),
                new HostFunction(Applibs.MODULE, "SysEvent_ResumeEvent", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> {
                            if (!deferral) {
                                refusals.accept("update resume refused: SoftwareUpdateDeferral is not in the manifest (EACCES)");
                                return Errno.EACCES.asResult();
                            }
                            if ((int) args[0] != SystemEvents.UPDATE_READY_FOR_INSTALL || !events.resume()) {
                                return Errno.EINVAL.asResult();
                            }
                            return new long[] {0};
                        }));
    }
}
