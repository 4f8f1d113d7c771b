package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.driver.DriverResult;
import io.sphaera.peripherals.driver.SpiMasterDriver;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.spi.SpiBitOrder;
import io.sphaera.peripherals.spi.SpiChipSelect;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/spi.h for one high-level app: SPIMaster_Open of an ISU (0-4, the header values of MT3620_ISUn_SPI) its
 * manifest's SpiMaster list names, with chip select A (-1) or B (-2), and half-duplex transactions through the
 * chip's SPI master driver as the A7. Another ISU is ENODEV, one outside the manifest EACCES (noted), another chip
 * select or a config SPIMaster_InitConfig did not make EINVAL, an active-high chip select ENOTSUP (the driver sets
 * every chip select active low), the same ISU and chip select open twice EBUSY. One transaction holds chip select
 * across its transfers, so what the controller can do in one go is the limit: writes first (at most 36 bytes: a
 * 1-4 byte command and 32 data bytes), then at most one read of up to 32 bytes; anything else is EINVAL.
 */
final class SpiApplibs {
    /** z__SPIMASTER_CONFIG_MAGIC | version 1, as SPIMaster_InitConfig writes it. */
    static final int CONFIG_MAGIC_V1 = 0x45170000 | 1;
    /** z__SPIMASTER_TRANSFER_MAGIC | version 1, as SPIMaster_InitTransfers writes it. */
    static final int TRANSFER_MAGIC_V1 = 0x22130000 | 1;
    /** SPI_MASTER_MAX_TRANSFERS. */
    static final int MAX_TRANSFERS = 256;
    /** A z__SPIMaster_Transfer_v1 in wasm32: magic, flags, writeData, readData, length. */
    static final int TRANSFER_BYTES = 20;
    static final int CS_A = -1;
    static final int CS_B = -2;
    private static final int ACTIVE_LOW = 1;
    private static final int ACTIVE_HIGH = 2;
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int MAX_WRITE = SpiMasterDriver.MAX_COMMAND_BYTES + SpiMasterDriver.MAX_HALF_DUPLEX_BYTES;
    /** The driver's clock before SPIMaster_SetBusSpeed (ours: the platform does not say). */
    static final int DEFAULT_HZ = 1_000_000;

    /** One open chip select on an ISU and its settings, applied before each transaction (the ISU may have two). */
    private static final class SpiPort implements AppFile {
        final int isu;
        final SpiChipSelect cs;
        final SpiMasterDriver driver;
        final PeripheralGrant grant;
        int mode;
        SpiBitOrder order = SpiBitOrder.MSB_FIRST;
        int hz = DEFAULT_HZ;

        SpiPort(int isu, SpiChipSelect cs, SpiMasterDriver driver, PeripheralGrant grant) {
            this.isu = isu;
            this.cs = cs;
            this.driver = driver;
            this.grant = grant;
        }

        int configure() {
            return grant.access(() -> {
                DriverResult<Void> r = driver.configure(cs, mode, order, hz);
                return r instanceof DriverResult.Failure<Void> f ? PeripheralGrant.errno(f) : 0;
            });
        }

        /** One transaction: {@code write} out, then {@code readCount} bytes in, into {@code into}. */
        int transaction(byte[] write, int readCount, byte[] into) {
            if (write.length > MAX_WRITE || readCount > SpiMasterDriver.MAX_HALF_DUPLEX_BYTES
                    || (write.length == 0 && readCount == 0)) {
                return -Errno.EINVAL.value();
            }
            int configured = configure();
            if (configured < 0) {
                return configured;
            }
            return grant.access(() -> {
                DriverResult<byte[]> r = driver.writeThenRead(write, readCount);
                if (r instanceof DriverResult.Failure<byte[]> f) {
                    return PeripheralGrant.errno(f);
                }
                System.arraycopy(r.orElseThrow(), 0, into, 0, readCount);
                return write.length + readCount;
            });
        }

        @Override
        public int read(byte[] into) {
            return into.length == 0 ? 0 : transaction(new byte[0], into.length, into);
        }

        @Override
        public int write(byte[] from) {
            return from.length == 0 ? 0 : transaction(from, 0, new byte[0]);
        }
    }

    private SpiApplibs() {
    }

    /**
     * @param granted  the block names of the manifest's SpiMaster list ("ISU1")
     * @param refusals the OS log
     */
    static AppApplibs group(Set<String> granted, PeripheralBus bus, Consumer<String> refusals) {
        PeripheralGrant grant = new PeripheralGrant(PeripheralKind.SPI_MASTER.capability(), granted, refusals);
        return (descriptors, waits) -> List.of(
                // (isu, chip select, config's magic, config's csPolarity)
                PeripheralGrant.function("SPIMaster_Open", 4, (instance, args) -> {
                    int isu = (int) args[0];
                    if (isu < 0 || isu > 4) {
                        return -Errno.ENODEV.value();
                    }
                    int allowed = grant.check("SPIMaster_Open", "ISU" + isu);
                    if (allowed < 0) {
                        return allowed;
                    }
                    int select = (int) args[1];
                    int polarity = (int) args[3];
                    if ((select != CS_A && select != CS_B) || (int) args[2] != CONFIG_MAGIC_V1
                            || (polarity != ACTIVE_LOW && polarity != ACTIVE_HIGH)) {
                        return -Errno.EINVAL.value();
                    }
                    if (polarity == ACTIVE_HIGH) {
                        return -Errno.ENOTSUP.value();
                    }
                    SpiChipSelect cs = select == CS_A ? SpiChipSelect.A : SpiChipSelect.B;
                    if (descriptors.any(o -> o instanceof SpiPort p && p.isu == isu && p.cs == cs)) {
                        return -Errno.EBUSY.value();
                    }
                    SpiPort port = new SpiPort(isu, cs, new SpiMasterDriver(bus, Core.A7, isu), grant);
                    int configured = port.configure(); // the firewall and the ISU's role answer here
                    return configured < 0 ? configured : descriptors.add(port);
                }),
                PeripheralGrant.onDescriptor("SPIMaster_SetBusSpeed", 2, descriptors, SpiPort.class, (instance, args, port) -> {
                    long hz = args[1] & 0xFFFFFFFFL;
                    if (hz < SpiMasterDriver.MIN_CLOCK_HZ) {
                        return -Errno.EINVAL.value();
                    }
                    // The speed is a maximum ("the actual speed may be lower"): above the controller's, its own.
                    port.hz = (int) Math.min(hz, SpiMasterDriver.MAX_CLOCK_HZ);
                    return 0;
                }),
                PeripheralGrant.onDescriptor("SPIMaster_SetMode", 2, descriptors, SpiPort.class, (instance, args, port) -> {
                    int mode = (int) args[1]; // SPI_Mode_0 is 1 .. SPI_Mode_3 is 4
                    if (mode < 1 || mode > 4) {
                        return -Errno.EINVAL.value();
                    }
                    port.mode = mode - 1;
                    return 0;
                }),
                PeripheralGrant.onDescriptor("SPIMaster_SetBitOrder", 2, descriptors, SpiPort.class, (instance, args, port) -> {
                    int order = (int) args[1]; // SPI_BitOrder_LsbFirst is 1, MsbFirst 2
                    if (order != 1 && order != 2) {
                        return -Errno.EINVAL.value();
                    }
                    port.order = order == 1 ? SpiBitOrder.LSB_FIRST : SpiBitOrder.MSB_FIRST;
                    return 0;
                }),
                // (fd, transfers, count)
                PeripheralGrant.onDescriptor("SPIMaster_TransferSequential", 3, descriptors, SpiPort.class, (instance, args, port) -> {
                    long count = args[2] & 0xFFFFFFFFL;
                    if (count == 0 || count > MAX_TRANSFERS) {
                        return -Errno.EINVAL.value();
                    }
                    try {
                        return sequence(instance.memory(), port, (int) args[1], (int) count);
                    } catch (ChicoryException | IndexOutOfBoundsException e) {
                        return -Errno.EFAULT.value();
                    }
                }));
    }

    /** The transfers as one transaction: the writes, in order, then the read, stored where the app asked. */
    private static int sequence(Memory memory, SpiPort port, int transfers, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int readAddress = 0;
        int readLength = -1;
        for (int i = 0; i < count; i++) {
            int at = transfers + i * TRANSFER_BYTES;
            int magic = memory.readInt(at);
            int flags = memory.readInt(at + 4);
            int writeData = memory.readInt(at + 8);
            int readData = memory.readInt(at + 12);
            long length = memory.readInt(at + 16) & 0xFFFFFFFFL;
            if (magic != TRANSFER_MAGIC_V1 || (flags != READ && flags != WRITE) || length == 0
                    || readLength >= 0 || length > MAX_WRITE) {
                return -Errno.EINVAL.value(); // a transfer after the read, too long, or not made by InitTransfers
            }
            if (flags == WRITE) {
                out.writeBytes(memory.readBytes(writeData, (int) length));
            } else {
                readAddress = readData;
                readLength = (int) length;
                memory.readBytes(readAddress, readLength); // the buffer must be the app's before the bus moves
            }
        }
        int reads = Math.max(readLength, 0);
        byte[] into = new byte[reads];
        int n = port.transaction(out.toByteArray(), reads, into);
        if (n > 0 && reads > 0) {
            memory.write(readAddress, into);
        }
        return n;
    }
}
