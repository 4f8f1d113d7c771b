package io.sphaera.peripherals.mailbox;

import static io.sphaera.peripherals.mailbox.IntercoreMailbox.CMD_POP0;
import static io.sphaera.peripherals.mailbox.IntercoreMailbox.DATA_POP0;
import static io.sphaera.peripherals.mailbox.IntercoreMailbox.FIFO_POP_CNT;
import static io.sphaera.peripherals.mailbox.IntercoreMailbox.SW_RX_INT_EN;
import static io.sphaera.peripherals.mailbox.IntercoreMailbox.SW_RX_INT_STS;
import static io.sphaera.peripherals.mailbox.IntercoreMailbox.SW_TX_INT_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.memory.BufferDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The A7 mailbox through the I/O core's registers (as the Azure sample and hdl_mbox.c use them) and the A7's API. */
class IntercoreMailboxTest {
    private static final int IRQ = IoCoreIrq.MAILBOX_A7_SOFTWARE;

    private final Nvic nvic = new Nvic();
    private final IntercoreMailbox mailbox = new IntercoreMailbox(nvic);
    private final List<Integer> signalsToA7 = new ArrayList<>();

    IntercoreMailboxTest() {
        mailbox.onIoCoreSignal(signalsToA7::add);
    }

    /** The Azure sample's ReceiveMessage: wait for a count, then DATA_POP0, then CMD_POP0. */
    private MailboxMessage receiveLikeTheAzureSample() {
        assertTrue(mailbox.read32(FIFO_POP_CNT) > 0);
        int data = mailbox.read32(DATA_POP0);
        int command = mailbox.read32(CMD_POP0);
        return new MailboxMessage(command, data);
    }

    /** The end of MT3620_SetupIntercoreComm: enable "HL sent", clear a stale one, priority 2, enable IRQ 11. */
    private void enableLikeTheAzureSample() {
        mailbox.write32(SW_RX_INT_EN, IntercoreMailbox.RX_HL_CORE_SENT);
        mailbox.write32(SW_RX_INT_STS, IntercoreMailbox.RX_HL_CORE_SENT);
        nvic.write32(Nvic.IPR + 8, 2 << 29);
        nvic.write32(Nvic.ISER, 1 << IRQ);
    }

    @Test
    void theSetupCommandsArriveInOrderDataFirst() {
        BufferDescriptor outbound = new BufferDescriptor(0x2200_C000, 2048);
        BufferDescriptor inbound = new BufferDescriptor(0x2200_C800, 2048);
        assertEquals(0, mailbox.read32(FIFO_POP_CNT), "the sample spins while this reads 0");
        assertTrue(IntercoreSetup.announce(mailbox, outbound, inbound));
        assertEquals(3, mailbox.read32(FIFO_POP_CNT));

        assertEquals(new MailboxMessage(0xba5e0001, 0x2200_C00B), receiveLikeTheAzureSample());
        assertEquals(new MailboxMessage(0xba5e0002, 0x2200_C80B), receiveLikeTheAzureSample());
        assertEquals(IntercoreSetup.END_OF_SETUP, receiveLikeTheAzureSample().command());
        assertEquals(0, mailbox.read32(FIFO_POP_CNT));
    }

    @Test
    void readingDataDoesNotPopReadingTheCommandDoes() {
        mailbox.push(7, 70);
        mailbox.push(8, 80);
        assertEquals(70, mailbox.read32(DATA_POP0));
        assertEquals(70, mailbox.read32(DATA_POP0));
        assertEquals(2, mailbox.read32(FIFO_POP_CNT));
        assertEquals(7, mailbox.read32(CMD_POP0));
        assertEquals(80, mailbox.read32(DATA_POP0));
        assertEquals(8, mailbox.read32(CMD_POP0), "a command-only read pops too");
        assertEquals(0, mailbox.read32(CMD_POP0), "empty reads 0");
        assertEquals(0, mailbox.read32(DATA_POP0));
    }

    @Test
    void theFifoHoldsFifteenPairsAndRefusesTheSixteenth() {
        for (int i = 0; i < IntercoreMailbox.FIFO_DEPTH; i++) {
            assertTrue(mailbox.push(i, -i));
        }
        assertFalse(mailbox.push(99, 99));
        assertFalse(IntercoreSetup.announce(mailbox, new BufferDescriptor(0, 128), new BufferDescriptor(128, 128)));
        assertEquals(15, mailbox.read32(FIFO_POP_CNT));
        for (int i = 0; i < IntercoreMailbox.FIFO_DEPTH; i++) {
            assertEquals(new MailboxMessage(i, -i), receiveLikeTheAzureSample(), "first in, first out");
        }
        assertEquals(0, mailbox.queuedToIoCore());
    }

    @Test
    void aSignalFromTheA7RaisesIrq11UntilTheHandlerClearsIt() {
        enableLikeTheAzureSample();
        assertFalse(nvic.hasPending());
        mailbox.signal(IntercoreMailbox.RX_HL_CORE_SENT);
        assertEquals(2, mailbox.read32(SW_RX_INT_STS));
        assertEquals(IRQ, nvic.takePending());

        // MT3620_HandleMailboxIrq11
        mailbox.write32(SW_RX_INT_STS, IntercoreMailbox.TX_IO_CORE_RECEIVED);
        nvic.complete(IRQ);
        assertEquals(0, mailbox.read32(SW_RX_INT_STS), "write 1 to clear");
        assertEquals(-1, nvic.takePending());
    }

    @Test
    void aSignalThatIsNotEnabledIsRecordedButRaisesNothing() {
        enableLikeTheAzureSample();
        mailbox.signal(IntercoreMailbox.RX_HL_CORE_RECEIVED);
        assertEquals(1, mailbox.read32(SW_RX_INT_STS));
        assertFalse(nvic.isPending(IRQ));
        mailbox.write32(SW_RX_INT_EN, 0x3);
        assertTrue(nvic.hasPending(), "enabling it asserts the line");
    }

    @Test
    void aSignalBeforeSetupLeavesAStalePendingThatTheSampleTolerates() {
        mailbox.write32(SW_RX_INT_EN, IntercoreMailbox.RX_HL_CORE_SENT);
        mailbox.signal(IntercoreMailbox.RX_HL_CORE_SENT);
        mailbox.write32(SW_RX_INT_STS, IntercoreMailbox.RX_HL_CORE_SENT);
        nvic.write32(Nvic.ISER, 1 << IRQ);
        assertEquals(IRQ, nvic.takePending(), "the NVIC latched it; the sample's DPC then finds no message");
    }

    @Test
    void theIoCoreRingsTheA7ThroughTheTxPort() {
        mailbox.write32(SW_TX_INT_PORT, IntercoreMailbox.TX_IO_CORE_SENT);
        mailbox.write32(SW_TX_INT_PORT, IntercoreMailbox.TX_IO_CORE_RECEIVED);
        mailbox.write32(SW_TX_INT_PORT, 0);
        mailbox.write32(SW_TX_INT_PORT, 1 << 5); // mtk_hdl_mbox_trig_sw_int(base, 5)
        assertEquals(List.of(1, 2, 32), signalsToA7);
        assertEquals(0, mailbox.read32(SW_TX_INT_PORT));
    }

    @Test
    void theIoCorePostsPairsTowardsTheA7() {
        List<String> posts = new ArrayList<>();
        mailbox.onIoCorePost(() -> posts.add("post"));
        mailbox.write32(IntercoreMailbox.DATA_POST, 0xD0);
        mailbox.write32(IntercoreMailbox.CMD_POST, 0xC0);
        mailbox.write32(IntercoreMailbox.CMD_POST, 0xC1); // command only
        assertEquals(2, mailbox.read32(IntercoreMailbox.POST_CNT));
        assertEquals(List.of("post", "post"), posts);
        assertEquals(Optional.of(new MailboxMessage(0xC0, 0xD0)), mailbox.takeFromIoCore());
        assertEquals(Optional.of(new MailboxMessage(0xC1, 0)), mailbox.takeFromIoCore());
        assertEquals(Optional.empty(), mailbox.takeFromIoCore());

        for (int i = 0; i < 16; i++) {
            mailbox.write32(IntercoreMailbox.CMD_POST, i);
        }
        assertEquals(15, mailbox.read32(IntercoreMailbox.POST_CNT), "the sixteenth post is lost");
    }

    @Test
    void fifoInterruptsFollowWritesReadsAndFillLevels() {
        nvic.write32(Nvic.ISER, -1);
        mailbox.write32(IntercoreMailbox.INT_EN, IntercoreMailbox.INT_WROTE | IntercoreMailbox.INT_READ);
        mailbox.push(1, 1);
        assertTrue(nvic.isPending(IoCoreIrq.MAILBOX_A7_WROTE));
        assertEquals(IntercoreMailbox.INT_WROTE | IntercoreMailbox.INT_NOT_EMPTY | IntercoreMailbox.INT_NOT_FULL,
                mailbox.read32(IntercoreMailbox.INT_STS));
        mailbox.write32(IntercoreMailbox.INT_STS, IntercoreMailbox.INT_WROTE);
        nvic.write32(Nvic.ICPR, -1);
        assertFalse(nvic.hasPending(), "WR cleared");

        mailbox.write32(IntercoreMailbox.CMD_POST, 5);
        mailbox.takeFromIoCore();
        assertTrue(nvic.isPending(IoCoreIrq.MAILBOX_A7_READ), "the A7 read what the core posted");

        mailbox.write32(IntercoreMailbox.INT_EN, IntercoreMailbox.INT_NOT_EMPTY);
        nvic.write32(Nvic.ICPR, -1);
        assertTrue(nvic.isPending(IoCoreIrq.MAILBOX_A7_NOT_EMPTY), "a level: pending again while a pair waits");
        mailbox.read32(CMD_POP0);
        nvic.write32(Nvic.ICPR, -1);
        assertFalse(nvic.isPending(IoCoreIrq.MAILBOX_A7_NOT_EMPTY));

        mailbox.write32(IntercoreMailbox.NE_THRS, 0x12);
        assertEquals(2, mailbox.read32(IntercoreMailbox.NE_THRS), "four bits");
    }

    @Test
    void aSoftResetEmptiesThisEnd() {
        mailbox.push(1, 2);
        mailbox.write32(SW_RX_INT_EN, 2);
        mailbox.signal(2);
        mailbox.write32(IntercoreMailbox.GEN_CTRL, IntercoreMailbox.GEN_CTRL_SOFT_RESET_MYSELF);
        assertEquals(0, mailbox.read32(FIFO_POP_CNT));
        assertEquals(0, mailbox.read32(SW_RX_INT_STS));
        assertEquals(0, mailbox.read32(SW_RX_INT_EN));
        mailbox.write32(SW_TX_INT_PORT, 1);
        assertEquals(List.of(1), signalsToA7, "the A7's listeners stay");
    }

    @Test
    void theRegisterMapIsTheSamplesAndHdlMboxs() {
        for (int offset : new int[] {0x04, 0x14, 0x18, 0x1C, 0x30, 0x34, 0x38, 0x3C, 0x40, 0x44, 0x48, 0x50, 0x54,
                0x58}) {
            assertTrue(mailbox.hasRegister(offset), Integer.toHexString(offset));
        }
        assertFalse(mailbox.hasRegister(0x00), "version: not modelled");
        assertFalse(mailbox.hasRegister(0x60), "semaphore: not modelled");
    }
}
