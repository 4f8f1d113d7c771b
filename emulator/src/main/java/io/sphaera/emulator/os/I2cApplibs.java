package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.driver.DriverResult;
import io.sphaera.peripherals.driver.I2cMasterDriver;
import io.sphaera.peripherals.i2c.I2cMaster;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.mt3620.Core;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/i2c.h for one high-level app: I2CMaster_Open of an ISU (0-4, the header values of MT3620_ISUn_I2C) its
 * manifest's I2cMaster list names, transfers through the chip's I2C master driver as the A7. Another ISU is ENODEV,
 * one outside the manifest EACCES (noted), one the app has open EBUSY. A target that does not acknowledge is ENXIO, a
 * bus held low EBUSY, a transfer that never ends ETIMEDOUT. Addresses are 7-bit (the MT3620 has no 10-bit mode):
 * above 0x7F is EINVAL. Each direction moves at most 8 bytes (the controller's FIFO; the BSP's DMA for longer
 * transfers is not modelled): more is EINVAL. read() and write() on the descriptor go to the default target address
 * (EINVAL until one is set).
 */
final class I2cApplibs {
    private static final int NO_ADDRESS = -1;

    /** One open I2C master and its settings. */
    private static final class I2cPort implements AppFile {
        final int isu;
        final I2cMasterDriver driver;
        final PeripheralGrant grant;
        int defaultAddress = NO_ADDRESS;
        long timeoutMs = 10_000;

        I2cPort(int isu, I2cMasterDriver driver, PeripheralGrant grant) {
            this.isu = isu;
            this.driver = driver;
            this.grant = grant;
        }

        /** Writes {@code data}, then reads {@code count} bytes into {@code into}; the bytes moved both ways. */
        int transfer(long address, byte[] data, int count, byte[] into) {
            if (address < 0 || address > 0x7F || data.length > I2cMaster.FIFO_DEPTH || count > I2cMaster.FIFO_DEPTH) {
                return -Errno.EINVAL.value();
            }
            if (data.length == 0 && count == 0) {
                return 0; // nothing to move: a success, as i2c.h says of a transfer of 0 bytes
            }
            int a = (int) address;
            return grant.access(() -> {
                DriverResult<?> r = data.length == 0 ? driver.read(a, count)
                        : count == 0 ? driver.write(a, data) : driver.writeThenRead(a, data, count);
                if (r instanceof DriverResult.Failure<?> f) {
                    return PeripheralGrant.errno(f);
                }
                if (count > 0) {
                    System.arraycopy((byte[]) r.orElseThrow(), 0, into, 0, count);
                }
                return data.length + count;
            });
        }

        @Override
        public int read(byte[] into) {
            return defaultAddress == NO_ADDRESS ? -Errno.EINVAL.value()
                    : transfer(defaultAddress, new byte[0], into.length, into);
        }

        @Override
        public int write(byte[] from) {
            return defaultAddress == NO_ADDRESS ? -Errno.EINVAL.value() : transfer(defaultAddress, from, 0, null);
        }
    }

    private I2cApplibs() {
    }

    /**
     * @param granted  the block names of the manifest's I2cMaster list ("ISU2")
     * @param refusals the OS log
     */
    static AppApplibs group(Set<String> granted, PeripheralBus bus, Consumer<String> refusals) {
        PeripheralGrant grant = new PeripheralGrant(PeripheralKind.I2C_MASTER.capability(), granted, refusals);
        return (descriptors, waits) -> List.of(
                PeripheralGrant.function("I2CMaster_Open", 1, (instance, args) -> {
                    int isu = (int) args[0];
                    if (isu < 0 || isu > 4) {
                        return -Errno.ENODEV.value();
                    }
                    int allowed = grant.check("I2CMaster_Open", "ISU" + isu);
                    if (allowed < 0) {
                        return allowed;
                    }
                    if (descriptors.any(o -> o instanceof I2cPort p && p.isu == isu)) {
                        return -Errno.EBUSY.value();
                    }
                    // Reading the ISU's global control asks the firewall whether the A7 holds the block, and claims nothing.
                    int base = Mt3620Peripherals.ISUS.get(isu).baseAddress().orElseThrow();
                    int reachable = grant.access(() -> {
                        bus.read32(Core.A7, base + IsuBlock.GLOBAL_CONTROL);
                        return 0;
                    });
                    if (reachable < 0) {
                        return reachable;
                    }
                    return descriptors.add(new I2cPort(isu, new I2cMasterDriver(bus, Core.A7, isu), grant));
                }),
                PeripheralGrant.onDescriptor("I2CMaster_SetBusSpeed", 2, descriptors, I2cPort.class, (instance, args, port) -> {
                    long hz = args[1] & 0xFFFFFFFFL;
                    if (hz > Integer.MAX_VALUE) {
                        return -Errno.EINVAL.value();
                    }
                    DriverResult<Void> r = port.driver.setBusSpeed((int) hz);
                    return r instanceof DriverResult.Failure<Void> f ? PeripheralGrant.errno(f) : 0;
                }),
                PeripheralGrant.onDescriptor("I2CMaster_SetTimeout", 2, descriptors, I2cPort.class, (instance, args, port) -> {
                    long ms = args[1] & 0xFFFFFFFFL;
                    if (ms == 0) {
                        return -Errno.EINVAL.value();
                    }
                    // Kept, not used: the model's transfers finish at once, and a held bus is EBUSY at once.
                    port.timeoutMs = ms;
                    return 0;
                }),
                PeripheralGrant.onDescriptor("I2CMaster_SetDefaultTargetAddress", 2, descriptors, I2cPort.class, (instance, args, port) -> {
                    long address = args[1] & 0xFFFFFFFFL;
                    if (address > 0x7F) {
                        return -Errno.EINVAL.value();
                    }
                    port.defaultAddress = (int) address;
                    return 0;
                }),
                // (fd, address, buffer, length)
                PeripheralGrant.onDescriptor("I2CMaster_Read", 4, descriptors, I2cPort.class, (instance, args, port) -> {
                    return readThenStore(instance.memory(), (int) args[2], args[3] & 0xFFFFFFFFL,
                            into -> port.transfer(args[1] & 0xFFFFFFFFL, new byte[0], into.length, into));
                }),
                // (fd, address, data, length)
                PeripheralGrant.onDescriptor("I2CMaster_Write", 4, descriptors, I2cPort.class, (instance, args, port) -> {
                    return withWriteData(instance.memory(), (int) args[2], args[3] & 0xFFFFFFFFL,
                            data -> port.transfer(args[1] & 0xFFFFFFFFL, data, 0, null));
                }),
                // (fd, address, writeData, lenWriteData, readData, lenReadData)
                PeripheralGrant.onDescriptor("I2CMaster_WriteThenRead", 6, descriptors, I2cPort.class, (instance, args, port) -> {
                    return withWriteData(instance.memory(), (int) args[2], args[3] & 0xFFFFFFFFL,
                            data -> readThenStore(instance.memory(), (int) args[4], args[5] & 0xFFFFFFFFL,
                                    into -> port.transfer(args[1] & 0xFFFFFFFFL, data, into.length, into)));
                }));
    }

    /** The app's bytes, or null when they are not all in its memory. */
    static byte[] load(Memory memory, int address, int length) {
        try {
            return memory.readBytes(address, length);
        } catch (ChicoryException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The app's {@code length} bytes to write, handed to {@code then}: EINVAL beyond the FIFO, EFAULT outside its memory. */
    static int withWriteData(Memory memory, int address, long length, java.util.function.ToIntFunction<byte[]> then) {
        if (length > I2cMaster.FIFO_DEPTH) {
            return -Errno.EINVAL.value();
        }
        byte[] data = load(memory, address, (int) length);
        return data == null ? -Errno.EFAULT.value() : then.applyAsInt(data);
    }

    /** Runs {@code transfer} into a buffer of {@code length} and stores what came at {@code address}. */
    static int readThenStore(Memory memory, int address, long length, java.util.function.ToIntFunction<byte[]> transfer) {
        if (length > I2cMaster.FIFO_DEPTH) {
            return -Errno.EINVAL.value();
        }
        byte[] into = new byte[(int) length];
        try {
            memory.readBytes(address, into.length); // the buffer must be the app's before the bus moves
        } catch (ChicoryException | IndexOutOfBoundsException e) {
            return -Errno.EFAULT.value();
        }
        int n = transfer.applyAsInt(into);
        if (n > 0) {
            memory.write(address, into);
        }
        return n;
    }
}
