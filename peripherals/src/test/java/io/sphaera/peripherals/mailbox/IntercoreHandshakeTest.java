package io.sphaera.peripherals.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.memory.BufferDescriptor;
import io.sphaera.peripherals.memory.SharedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mailbox, the NVIC and the shared memory together, the A7 in Java and the real-time app's steps (from Azure's
 * IntercoreComms sample) as register accesses: setup, one message in, its receipt acknowledged.
 */
class IntercoreHandshakeTest {
    private final Nvic nvic = new Nvic();
    private final IntercoreMailbox mailbox = new IntercoreMailbox(nvic);
    private final SharedMemory memory = SharedMemory.intercoreBuffers();
    private final BufferDescriptor outbound = new BufferDescriptor(SharedMemory.INTERCORE_BASE, 2048);
    private final BufferDescriptor inbound = new BufferDescriptor(SharedMemory.INTERCORE_BASE + 2048, 2048);

    @Test
    void aMessageFromTheHighLevelAppReachesTheRealTimeApp() {
        List<Integer> rings = new ArrayList<>();
        mailbox.onIoCoreSignal(rings::add);
        IntercoreSetup.announce(mailbox, outbound, inbound);

        // RT: MT3620_SetupIntercoreComm
        int inboundWord = 0;
        int outboundWord = 0;
        while (true) {
            int data = mailbox.read32(IntercoreMailbox.DATA_POP0);
            int command = mailbox.read32(IntercoreMailbox.CMD_POP0);
            if (command == IntercoreSetup.OUTBOUND_BUFFER) {
                outboundWord = data;
            } else if (command == IntercoreSetup.INBOUND_BUFFER) {
                inboundWord = data;
            } else if (command == IntercoreSetup.END_OF_SETUP) {
                break;
            }
        }
        mailbox.write32(IntercoreMailbox.SW_RX_INT_EN, IntercoreMailbox.RX_HL_CORE_SENT);
        mailbox.write32(IntercoreMailbox.SW_RX_INT_STS, IntercoreMailbox.RX_HL_CORE_SENT);
        nvic.write32(Nvic.ISER, 1 << IoCoreIrq.MAILBOX_A7_SOFTWARE);

        // A7: one block (length, sender id, reserved, payload) into the inbound data area, then its write position
        byte[] payload = "hl-app-to-rt-app".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer block = ByteBuffer.allocate(4 + 16 + 4 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(16 + 4 + payload.length).put(new byte[16]).putInt(0).put(payload);
        memory.writeBytes(memory.offsetOf(inbound.dataAddress()), block.array());
        int written = (block.capacity() + 15) & ~15;
        memory.writeBytes(memory.offsetOf(inbound.headerAddress()), ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN).putInt(written).array());
        mailbox.signal(IntercoreMailbox.RX_HL_CORE_SENT);

        // RT: IRQ 11, then IntercoreRecv through the descriptors it was given
        assertEquals(IoCoreIrq.MAILBOX_A7_SOFTWARE, nvic.takePending());
        mailbox.write32(IntercoreMailbox.SW_RX_INT_STS, IntercoreMailbox.TX_IO_CORE_RECEIVED);
        nvic.complete(IoCoreIrq.MAILBOX_A7_SOFTWARE);
        BufferDescriptor in = BufferDescriptor.decode(inboundWord);
        BufferDescriptor out = BufferDescriptor.decode(outboundWord);
        int remoteWrite = memory.read32(memory.offsetOf(in.headerAddress()));
        int readPosition = memory.read32(memory.offsetOf(out.headerAddress() + 4));
        assertEquals(48, remoteWrite - readPosition, "one 40-byte block, rounded up to 16");
        int length = memory.read32(memory.offsetOf(in.dataAddress() + readPosition));
        byte[] received = memory.readBytes(memory.offsetOf(in.dataAddress() + readPosition + 24), length - 20);
        assertEquals("hl-app-to-rt-app", new String(received, StandardCharsets.US_ASCII));
        memory.write32(memory.offsetOf(out.headerAddress() + 4), remoteWrite);
        mailbox.write32(IntercoreMailbox.SW_TX_INT_PORT, IntercoreMailbox.TX_IO_CORE_RECEIVED);

        // A7: told of the receipt, it sees the read position the RT app stored in the outbound header
        assertEquals(List.of(IntercoreMailbox.TX_IO_CORE_RECEIVED), rings);
        assertEquals(48, ByteBuffer.wrap(memory.readBytes(memory.offsetOf(outbound.headerAddress() + 4), 4))
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(-1, nvic.takePending());
    }
}
