package io.sphaera.peripherals.mailbox;

import static io.sphaera.peripherals.mailbox.IoCoreMailbox.ACPT_CNT;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.CMD_ACPT;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.CMD_POST;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.DATA_ACPT;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.DATA_POST;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.GEN_CTRL;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.INT_EN;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.INT_READ;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.INT_STS;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.INT_WROTE;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.POST_CNT;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.SW_INT_EN;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.SW_INT_PORT;
import static io.sphaera.peripherals.mailbox.IoCoreMailbox.SW_INT_STS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.bus.RegisterBlock;
import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.mt3620.Core;
import org.junit.jupiter.api.Test;

/**
 * The M4-to-M4 mailbox through both cores' registers, driven as MediaTek's os_hal_mbox.c / mhal_mbox.c do for
 * channel 1 and in the order of the BareMetal MBOX sample's RTAppA and RTAppB.
 */
class IoCoreMailboxTest {
    private static final int WR = IoCoreIrq.MAILBOX_IO_CORE_WROTE;
    private static final int RD = IoCoreIrq.MAILBOX_IO_CORE_READ;
    private static final int SW = IoCoreIrq.MAILBOX_IO_CORE_SOFTWARE;
    private static final int NE = IoCoreIrq.MAILBOX_IO_CORE_NOT_EMPTY;

    private final Nvic nvicA = new Nvic();
    private final Nvic nvicB = new Nvic();
    private final IoCoreMailbox mailbox = new IoCoreMailbox(nvicA, nvicB);
    private final RegisterBlock a = mailbox.end(Core.IO0);
    private final RegisterBlock b = mailbox.end(Core.IO1);

    /**
     * mtk_os_hal_mbox_open_channel(CH1), then the sample's fifo_register_cb (rd_int, wr_int) and
     * sw_int_register_cb (bit 0): reset this end, clear and enable the FIFO interrupts, clear the software status,
     * enable the NVIC lines, enable software interrupt 0.
     */
    private static void openLikeTheSample(RegisterBlock end, Nvic nvic) {
        end.write32(GEN_CTRL, IoCoreMailbox.GEN_CTRL_SOFT_RESET_MYSELF);
        end.write32(INT_STS, IoCoreMailbox.INT_NOT_EMPTY);
        end.write32(INT_STS, INT_WROTE);
        end.write32(INT_EN, end.read32(INT_EN) | INT_WROTE);
        end.write32(INT_STS, IoCoreMailbox.INT_NOT_FULL);
        end.write32(INT_STS, INT_READ);
        end.write32(INT_EN, end.read32(INT_EN) | INT_READ);
        nvic.write32(Nvic.ISER, (1 << WR) | (1 << RD));
        end.write32(SW_INT_STS, 0xFF);
        nvic.write32(Nvic.ISER, 1 << SW);
        end.write32(SW_INT_EN, 0x1);
    }

    /** mtk_mhal_mbox_fifo_write with MBOX_TR_DATA_CMD: check POST_CNT, then DATA, then CMD. */
    private static boolean post(RegisterBlock end, int command, int data) {
        if (end.read32(POST_CNT) == IoCoreMailbox.FIFO_DEPTH) {
            return false;
        }
        end.write32(DATA_POST, data);
        end.write32(CMD_POST, command);
        return true;
    }

    /** mtk_mhal_mbox_fifo_read with MBOX_TR_DATA_CMD: DATA, then CMD (which pops). */
    private static MailboxMessage accept(RegisterBlock end) {
        assertTrue(end.read32(ACPT_CNT) > 0);
        int data = end.read32(DATA_ACPT);
        return new MailboxMessage(end.read32(CMD_ACPT), data);
    }

    /** _mtk_os_hal_mbox_fifo_irq_handler: take the IRQ, clear the enabled latched events, return. */
    private static int handleFifoInterrupt(RegisterBlock end, Nvic nvic) {
        int irq = nvic.takePending();
        int events = end.read32(INT_EN) & end.read32(INT_STS) & (INT_WROTE | INT_READ);
        end.write32(INT_STS, events);
        nvic.complete(irq);
        return events;
    }

    /** _mtk_os_hal_mbox_sw_int_irq_handler: read EN and STS, write the status back to clear it. */
    private static int handleSoftwareInterrupt(RegisterBlock end, Nvic nvic) {
        assertEquals(SW, nvic.takePending());
        int status = end.read32(SW_INT_STS);
        int events = end.read32(SW_INT_EN) & status;
        end.write32(SW_INT_STS, status);
        nvic.complete(SW);
        return events;
    }

    @Test
    void theSampleHandshakeRunsBothWays() {
        openLikeTheSample(a, nvicA);
        openLikeTheSample(b, nvicB);
        assertFalse(nvicA.hasPending());
        assertFalse(nvicB.hasPending());

        // RTAppA: item.data = iter, item.cmd = 0xAAAAAA00 | iter
        assertTrue(post(a, 0xAAAAAA01, 1));
        assertFalse(nvicA.hasPending(), "nothing for the poster yet");
        assertTrue(nvicB.isPending(WR));
        assertEquals(INT_WROTE, handleFifoInterrupt(b, nvicB));
        assertFalse(nvicB.hasPending(), "clearing WR drops the line");

        // RTAppB reads the count, then the pair
        assertEquals(1, b.read32(ACPT_CNT));
        MailboxMessage received = accept(b);
        assertEquals(new MailboxMessage(0xAAAAAA01, 1), received);
        assertEquals(0, a.read32(POST_CNT));
        assertTrue(nvicA.isPending(RD), "A hears that B read");
        assertEquals(INT_READ, handleFifoInterrupt(a, nvicA));

        // RTAppB answers with 0xBBBBBB00 | data
        assertTrue(post(b, 0xBBBBBB00 | received.data(), received.data()));
        assertEquals(INT_WROTE, handleFifoInterrupt(a, nvicA));
        assertEquals(new MailboxMessage(0xBBBBBB01, 1), accept(a));
        assertEquals(INT_READ, handleFifoInterrupt(b, nvicB));

        // A triggers software interrupt 0 at B (MBOX_IOSET_SWINT_TRIG with 0 writes 1 << 0), and B at A
        a.write32(SW_INT_PORT, 1 << 0);
        assertEquals(0, a.read32(SW_INT_STS), "the poster's own status is untouched");
        assertEquals(1, handleSoftwareInterrupt(b, nvicB));
        b.write32(SW_INT_PORT, 1 << 0);
        assertEquals(1, handleSoftwareInterrupt(a, nvicA));

        assertFalse(nvicA.hasPending());
        assertFalse(nvicB.hasPending());
    }

    @Test
    void eachDirectionHasItsOwnFifoInOrder() {
        post(a, 1, 10);
        post(a, 2, 20);
        post(b, 3, 30);
        assertEquals(2, a.read32(POST_CNT));
        assertEquals(1, a.read32(ACPT_CNT));
        assertEquals(2, b.read32(ACPT_CNT));
        assertEquals(2, mailbox.queuedFrom(Core.IO0));
        assertEquals(1, mailbox.queuedFrom(Core.IO1));

        assertEquals(10, b.read32(DATA_ACPT));
        assertEquals(10, b.read32(DATA_ACPT), "reading DATA does not pop");
        assertEquals(new MailboxMessage(1, 10), accept(b));
        assertEquals(new MailboxMessage(2, 20), accept(b));
        assertEquals(new MailboxMessage(3, 30), accept(a));
        assertEquals(0, b.read32(CMD_ACPT), "an empty FIFO reads 0");
        assertEquals(0, b.read32(DATA_ACPT));
    }

    @Test
    void aFullFifoLosesThePostAndTheDriverSeesTheCount() {
        for (int i = 0; i < IoCoreMailbox.FIFO_DEPTH; i++) {
            assertTrue(post(a, i, -i));
        }
        assertEquals(IoCoreMailbox.FIFO_DEPTH, a.read32(POST_CNT));
        assertFalse(post(a, 99, 99), "mtk_mhal_mbox_fifo_write returns MBOX_EFULL");
        a.write32(DATA_POST, 99);
        a.write32(CMD_POST, 99);
        assertEquals(IoCoreMailbox.FIFO_DEPTH, b.read32(ACPT_CNT), "a post into a full FIFO is lost");
        for (int i = 0; i < IoCoreMailbox.FIFO_DEPTH; i++) {
            assertEquals(new MailboxMessage(i, -i), accept(b));
        }
        assertTrue(post(a, 100, 0));
        assertEquals(new MailboxMessage(100, 0), accept(b));
    }

    @Test
    void aCommandOnlyPostCarriesDataZero() {
        a.write32(DATA_POST, 5);
        a.write32(CMD_POST, 1);
        a.write32(CMD_POST, 2);
        assertEquals(new MailboxMessage(1, 5), accept(b));
        assertEquals(new MailboxMessage(2, 0), accept(b));
    }

    @Test
    void anUnclearedInterruptComesBackAndAClearedOneDoesNot() {
        openLikeTheSample(b, nvicB);
        post(a, 1, 1);
        assertEquals(WR, nvicB.takePending());
        nvicB.complete(WR);
        assertTrue(nvicB.isPending(WR), "WR still latched: the line pends again when the handler returns");
        assertEquals(WR, nvicB.takePending());
        b.write32(INT_STS, INT_WROTE);
        nvicB.complete(WR);
        assertFalse(nvicB.hasPending());
        assertEquals(0, b.read32(INT_STS) & INT_WROTE);
    }

    @Test
    void softwareInterruptsLatchUntilEnabledAndClearByWritingOne() {
        nvicB.write32(Nvic.ISER, 1 << SW);
        a.write32(SW_INT_PORT, 0x6);
        assertEquals(0x6, b.read32(SW_INT_STS));
        assertFalse(nvicB.hasPending(), "no bit enabled");
        b.write32(SW_INT_EN, 0x4);
        assertTrue(nvicB.isPending(SW));
        b.write32(SW_INT_STS, 0x4);
        assertEquals(0x2, b.read32(SW_INT_STS), "write 1 to clear, others stay");
        assertEquals(SW, nvicB.takePending());
        nvicB.complete(SW);
        assertFalse(nvicB.hasPending(), "the enabled bit is clear, so the line is low");
        a.write32(SW_INT_PORT, 0x100);
        assertEquals(0x2, b.read32(SW_INT_STS), "only eight software interrupts");
    }

    @Test
    void notEmptyFollowsTheFifoAgainstItsThreshold() {
        b.write32(INT_EN, IoCoreMailbox.INT_NOT_EMPTY);
        b.write32(IoCoreMailbox.NE_THRS, 1);
        post(a, 1, 1);
        assertFalse(nvicB.isPending(NE), "one pair is not more than the threshold of 1");
        post(a, 2, 2);
        assertTrue(nvicB.isPending(NE));
        accept(b);
        nvicB.write32(Nvic.ICPR, 1 << NE);
        assertFalse(nvicB.isPending(NE), "the line dropped with the count, so it does not pend again");
    }

    @Test
    void resettingOneEndKeepsThePairsInFlightAndTheDeviceResetDropsThem() {
        b.write32(SW_INT_EN, 0xFF);
        a.write32(SW_INT_PORT, 1);
        post(a, 1, 1);
        b.write32(GEN_CTRL, IoCoreMailbox.GEN_CTRL_SOFT_RESET_MYSELF);
        assertEquals(0, b.read32(SW_INT_EN));
        assertEquals(0, b.read32(SW_INT_STS));
        assertEquals(0, b.read32(INT_STS) & INT_WROTE);
        assertEquals(1, b.read32(ACPT_CNT), "the pair A posted before B opened the channel still waits");

        post(b, 2, 2);
        a.write32(GEN_CTRL, IoCoreMailbox.GEN_CTRL_SOFT_RESET);
        assertEquals(0, b.read32(ACPT_CNT));
        assertEquals(0, a.read32(ACPT_CNT));
        assertEquals(0, mailbox.queuedFrom(Core.IO0));
    }

    @Test
    void theA7HasNoEnd() {
        assertThrows(IllegalArgumentException.class, () -> mailbox.end(Core.A7));
        assertFalse(a.hasRegister(0x60), "the semaphore is only between the A7 and an M4");
        assertTrue(a.hasRegister(ACPT_CNT));
    }
}
