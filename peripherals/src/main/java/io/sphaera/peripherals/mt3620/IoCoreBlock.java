package io.sphaera.peripherals.mt3620;

/**
 * A register block each I/O core has to itself, at the same address in both cores' views: the hardware firewall
 * does not assign these, and the A7 has no window onto them. The M4-to-M4 mailbox is one device, but each core sees
 * its own end of it here.
 */
public enum IoCoreBlock {
    INTERRUPT_CONFIG("IRQ configuration", 0x2100_0000),
    /** Holds CM4_HCLK_CK_CTRL (+0x0C), which the board support package writes at start to raise the clock. */
    RESET_GENERATION_UNIT("RGU", 0x2101_0000),
    WATCHDOG("WDT", 0x2102_0000),
    GENERAL_PURPOSE_TIMER("GPT", 0x2103_0000),
    DEBUG_UART("debug UART", 0x2104_0000),
    MAILBOX_TO_A7("mailbox to A7", 0x2105_0000),
    MAILBOX_TO_IO_CORE("M4-M4 mailbox", 0x2106_0000),
    DMA("DMA", 0x2108_0000);

    /** Each block's window spans this many bytes, as the peripheral blocks' do. */
    public static final int WINDOW_SIZE = PeripheralBlock.WINDOW_SIZE;

    private final String blockName;
    private final int baseAddress;

    IoCoreBlock(String blockName, int baseAddress) {
        this.blockName = blockName;
        this.baseAddress = baseAddress;
    }

    /** The short name the MediaTek sources use. */
    public String blockName() {
        return blockName;
    }

    /** Where the block's registers start in an I/O core's view. */
    public int baseAddress() {
        return baseAddress;
    }

    @Override
    public String toString() {
        return blockName;
    }
}
