package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.GpioPinRegisters;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/gpio.h for one high-level app: the GPIOs its manifest grants, opened as files, driven through the chip's
 * GPIO registers (wherever the pin's block has them: a GPIO group, an ISU, the ADC, an I2S block, GPIO80's window) on
 * the A7's side of the hardware firewall. A GPIO the chip does not have is ENODEV, one outside the
 * manifest EACCES (and noted in the OS log), one the app holds open already EBUSY; a bad descriptor EBADF.
 */
final class GpioApplibs {
    private record OpenGpio(int gpio, GpioPinRegisters registers, boolean output) {
        int address(int register) {
            return registers.address(register);
        }

        int bit() {
            return registers.bit();
        }
    }

    private final Set<Integer> granted;
    private final PeripheralBus bus;
    private final Consumer<String> refusals;
    private final AppDescriptors open;

    /**
     * @param granted  the GPIO numbers the manifest's "Gpio" list names
     * @param refusals where calls outside the manifest are noted (the OS log)
     */
    GpioApplibs(Set<Integer> granted, PeripheralBus bus, Consumer<String> refusals, AppDescriptors descriptors) {
        this.open = descriptors;
        this.granted = Set.copyOf(granted);
        this.bus = bus;
        this.refusals = refusals;
    }

    List<HostFunction> functions() {
        return List.of(
                function("GPIO_OpenAsInput", 1, args -> open((int) args[0], false, 0, 0)),
                // The mode and level are checked after the grant: an app is told EACCES for a pin it may not have,
                // whatever else it got wrong.
                function("GPIO_OpenAsOutput", 3, args -> open((int) args[0], true, (int) args[1], (int) args[2])),
                function("GPIO_GetValue", 1, args -> {
                    OpenGpio g = open.get((int) args[0], OpenGpio.class).orElse(null);
                    if (g == null) {
                        return -Errno.EBADF.value();
                    }
                    return access(() -> (bus.read32(Core.A7, g.address(GpioBlock.DIN)) >>> g.bit()) & 1);
                }),
                function("GPIO_SetValue", 2, args -> {
                    OpenGpio g = open.get((int) args[0], OpenGpio.class).orElse(null);
                    if (g == null || !g.output()) {
                        return -Errno.EBADF.value();
                    }
                    int value = (int) args[1];
                    if (value != 0 && value != 1) {
                        return -Errno.EINVAL.value();
                    }
                    return access(() -> {
                        setOutput(g, value);
                        return 0;
                    });
                }));
    }

    private int open(int gpio, boolean output, int mode, int initial) {
        var block = PeripheralBlock.ofGpio(gpio);
        if (block.isEmpty()) {
            return -Errno.ENODEV.value();
        }
        if (!granted.contains(gpio)) {
            refusals.accept("GPIO " + gpio + " refused: not in the manifest's Gpio capability (EACCES)");
            return -Errno.EACCES.value();
        }
        if (open.any(o -> o instanceof OpenGpio g && g.gpio() == gpio)) {
            return -Errno.EBUSY.value();
        }
        if (output && (mode < 0 || mode > 2 || (initial != 0 && initial != 1))) {
            return -Errno.EINVAL.value();
        }
        var registers = GpioPinRegisters.of(gpio);
        if (registers.isEmpty()) {
            // The chip has the pin, the model not its registers (docs/peripherals.md).
            refusals.accept("GPIO " + gpio + ": its registers are not modelled (ENODEV)");
            return -Errno.ENODEV.value();
        }
        OpenGpio g = new OpenGpio(gpio, registers.get(), output);
        int result = access(() -> {
            if (output) {
                setOutput(g, initial); // the level first, so the pin never shows the wrong one
                bus.write32(Core.A7, g.address(GpioBlock.OE_SET), 1 << g.bit());
            } else {
                bus.write32(Core.A7, g.address(GpioBlock.OE_RESET), 1 << g.bit());
                bus.write32(Core.A7, g.address(GpioBlock.IES_SET), 1 << g.bit());
            }
            return 0;
        });
        if (result < 0) {
            return result;
        }
        return open.add(g);
    }

    private void setOutput(OpenGpio g, int value) {
        int dout = bus.read32(Core.A7, g.address(GpioBlock.DOUT));
        dout = value == 1 ? dout | (1 << g.bit()) : dout & ~(1 << g.bit());
        bus.write32(Core.A7, g.address(GpioBlock.DOUT), dout);
    }

    /** A register access; a bus fault (the block is not the A7's) is EACCES to the app. */
    private int access(java.util.function.IntSupplier registers) {
        try {
            return registers.getAsInt();
        } catch (BusFault e) {
            refusals.accept("GPIO access refused by the hardware firewall: " + e.getMessage() + " (EACCES)");
            return -Errno.EACCES.value();
        }
    }

    private static HostFunction function(String name, int arity, java.util.function.ToIntFunction<long[]> body) {
        return new HostFunction(Applibs.MODULE, name, FunctionType.of(java.util.Collections.nCopies(arity, ValType.I32),
                List.of(ValType.I32)), (instance, args) -> new long[] {body.applyAsInt(args)});
    }
}
