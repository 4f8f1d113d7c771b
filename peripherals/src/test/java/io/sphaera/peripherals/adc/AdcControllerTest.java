package io.sphaera.peripherals.adc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import org.junit.jupiter.api.Test;

class AdcControllerTest {
    private static final int ADC = 0x3800_0000;

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final AdcController adc = chip.adc();

    AdcControllerTest() {
        chip.firewall().assign(PeripheralBlock.ADC_CONTROLLER_0, Core.IO0);
    }

    private int read(int offset) {
        return chip.bus().read32(Core.IO0, ADC + offset);
    }

    private void write(int offset, int value) {
        chip.bus().write32(Core.IO0, ADC + offset, value);
    }

    @Test
    void readingsScaleToTheReferenceAndClamp() {
        adc.setVolts(0, 1.25);
        adc.setVolts(1, 2.5);
        adc.setVolts(2, -0.1);
        assertEquals(2048, adc.reading(0));
        assertEquals(4095, adc.reading(1));
        assertEquals(0, adc.reading(2));
    }

    @Test
    void oneShotConvertsTheMappedChannelsLowestFirst() {
        adc.setVolts(3, 0.625);
        adc.setVolts(5, 1.875);
        write(AdcController.FSM, 0b0010_1000 << AdcController.FSM_CHANNEL_MAP_SHIFT);
        assertEquals(0, read(AdcController.LSR));
        write(AdcController.FSM, read(AdcController.FSM) | AdcController.FSM_ENABLE);
        assertEquals(2 << AdcController.POINTER_WRITE_SHIFT, read(AdcController.RX_POINTERS));
        assertEquals(AdcController.LSR_DATA_READY, read(AdcController.LSR));
        assertEquals(1024 << 4 | 3, read(AdcController.RBR));
        assertEquals(3072 << 4 | 5, read(AdcController.RBR));
        assertEquals(0, read(AdcController.LSR), "one-shot converts once");
    }

    @Test
    void periodicModeKeepsTheFifoFed() {
        adc.setVolts(7, 2.0);
        write(AdcController.FSM, 0x80 << AdcController.FSM_CHANNEL_MAP_SHIFT | AdcController.FSM_PERIODIC
                | AdcController.FSM_ENABLE);
        for (int i = 0; i < 40; i++) {
            assertEquals(3276 << 4 | 7, read(AdcController.RBR));
        }
    }

    @Test
    void aSoftwareResetEmptiesTheFifoAndStopsTheStateMachine() {
        write(AdcController.FSM, 1 << AdcController.FSM_CHANNEL_MAP_SHIFT | AdcController.FSM_ENABLE);
        write(AdcController.CONTROL, 0);
        assertEquals(0, read(AdcController.LSR));
        assertEquals(0, read(AdcController.FSM) & AdcController.FSM_ENABLE);
    }
}
