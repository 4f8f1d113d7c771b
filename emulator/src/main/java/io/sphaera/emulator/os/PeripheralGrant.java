package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.driver.DriverFailure;
import io.sphaera.peripherals.driver.DriverResult;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What an app's manifest grants of one kind of peripheral block (its Uart, I2cMaster, SpiMaster, Pwm or Adc list),
 * and how the applibs of that kind tell the app no: a block outside the grant is EACCES and noted in the OS log, a
 * register access the hardware firewall refuses is EACCES and noted, a driver's failure is the errno the platform's
 * headers give for it.
 *
 * @param capability the manifest's name for the list ("I2cMaster"), for the OS log
 * @param blocks     the block names it lists ("ISU2")
 * @param refusals   the OS log
 */
record PeripheralGrant(String capability, Set<String> blocks, Consumer<String> refusals) {
    PeripheralGrant {
        blocks = Set.copyOf(blocks);
    }

    /** 0 if {@code block} is granted; else EACCES negated, noted as {@code call}'s refusal. */
    int check(String call, String block) {
        if (blocks.contains(block)) {
            return 0;
        }
        refusals.accept(call + " " + block + " refused: not in the manifest's " + capability + " capability (EACCES)");
        return -Errno.EACCES.value();
    }

    /** Register accesses as the A7; a bus fault (the block is not the A7's, or the ISU serves another role) is EACCES. */
    int access(IntSupplier registers) {
        try {
            return registers.getAsInt();
        } catch (BusFault e) {
            refusals.accept(capability + " access refused by the hardware: " + e.getMessage() + " (EACCES)");
            return -Errno.EACCES.value();
        }
    }

    /** A driver's failure as the app's errno, negated. */
    static int errno(DriverResult.Failure<?> failure) {
        return -errno(failure.failure()).value();
    }

    /** The errno the platform's headers give for each way a transfer fails (i2c.h: ENXIO, EBUSY, ETIMEDOUT). */
    static Errno errno(DriverFailure failure) {
        return switch (failure) {
            case BAD_ARGUMENT -> Errno.EINVAL;
            case NO_ACK -> Errno.ENXIO;
            case BUS_BUSY -> Errno.EBUSY;
            case TIMEOUT -> Errno.ETIMEDOUT;
            case FIFO_ERROR -> Errno.EIO;
        };
    }

    /** A host function of "applibs" taking {@code params} and returning an i32: a value >= 0 or an errno negated. */
    static HostFunction function(String name, List<ValType> params, Body body) {
        return new HostFunction(Applibs.MODULE, name, FunctionType.of(params, List.of(ValType.I32)),
                (instance, args) -> new long[] {body.call(instance, args)});
    }

    /** Like {@link #function(String, List, Body)} with {@code arity} i32 parameters. */
    static HostFunction function(String name, int arity, Body body) {
        return function(name, java.util.Collections.nCopies(arity, ValType.I32), body);
    }

    /**
     * A host function whose first argument is a descriptor the app opened as a {@code type} (a port, a controller):
     * anything else is EBADF, before {@code body} sees it.
     */
    static <T> HostFunction onDescriptor(String name, int arity, AppDescriptors descriptors, Class<T> type,
                                         DescriptorBody<T> body) {
        return function(name, arity, (instance, args) -> {
            T open = descriptors.get((int) args[0], type).orElse(null);
            return open == null ? -Errno.EBADF.value() : body.call(instance, args, open);
        });
    }

    /** The body of a host function on an open descriptor. */
    @FunctionalInterface
    interface DescriptorBody<T> {
        int call(Instance instance, long[] args, T open);
    }

    /** The body of a host function: the app's instance (for its memory) and its arguments. */
    @FunctionalInterface
    interface Body {
        int call(Instance instance, long[] args);
    }
}
