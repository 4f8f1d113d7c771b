package io.sphaera.peripherals.isu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.i2c.I2cMaster;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.uart.Uart;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IsuBlockTest {
    private static final int ISU4 = 0x380B_0000;

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final IsuBlock isu = chip.isu(4);

    IsuBlockTest() {
        chip.firewall().assign(PeripheralBlock.ISU4, Core.IO0);
    }

    @Test
    void theFirstWriteToAFunctionClaimsTheIsuAndOtherFunctionsFault() {
        assertEquals(0, chip.bus().read32(Core.IO0, ISU4 + IsuBlock.UART_OFFSET + Uart.LCR), "reads claim nothing");
        assertEquals(Optional.empty(), isu.role());

        chip.bus().write32(Core.IO0, ISU4 + IsuBlock.I2C_OFFSET + I2cMaster.ID_CON0, 0x48);
        assertEquals(Optional.of(IsuRole.I2C_MASTER), isu.role());

        BusFault fault = assertThrows(BusFault.class,
                () -> chip.bus().write32(Core.IO0, ISU4 + IsuBlock.UART_OFFSET + Uart.THR, 'x'));
        assertTrue(fault.reason().contains("ISU4 is in use as I2C master"), fault.reason());
        assertThrows(BusFault.class, () -> chip.bus().read32(Core.IO0, ISU4 + IsuBlock.SPI_MASTER_OFFSET));
        // the global control register is shared by every role
        chip.bus().write32(Core.IO0, ISU4 + IsuBlock.GLOBAL_CONTROL, IsuBlock.CONTROL_I2C_CLOCK);
        assertEquals(IsuBlock.CONTROL_I2C_CLOCK, chip.bus().read32(Core.IO0, ISU4));
    }

    @Test
    void anExplicitRoleRefusesAnother() {
        isu.assignRole(IsuRole.UART);
        isu.assignRole(IsuRole.UART);
        IsuRoleConflictException conflict = assertThrows(IsuRoleConflictException.class,
                () -> isu.assignRole(IsuRole.SPI_MASTER));
        assertEquals("ISU4 is in use as UART and cannot also be SPI master", conflict.getMessage());
        assertThrows(BusFault.class,
                () -> chip.bus().write32(Core.IO0, ISU4 + IsuBlock.I2C_OFFSET + I2cMaster.ID_CON0, 1));
    }

    @Test
    void releasingOrResettingFreesTheRole() {
        isu.assignRole(IsuRole.SPI_MASTER);
        isu.releaseRole();
        isu.assignRole(IsuRole.UART);
        chip.reset();
        assertEquals(Optional.empty(), isu.role());
    }

    @Test
    void aCoreWithoutTheIsuFaults() {
        BusFault fault = assertThrows(BusFault.class,
                () -> chip.bus().write32(Core.A7, ISU4 + IsuBlock.UART_OFFSET + Uart.THR, 'x'));
        assertTrue(fault.reason().contains("in use by IO0"), fault.reason());
        assertEquals(Optional.empty(), isu.role());
    }
}
