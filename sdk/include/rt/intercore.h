/*
 * Sphaera: messages between a real-time app and the high-level app, in the platform's shared-buffer format, for an
 * RTApp built for wasm32 (include it in one C file of the app).
 *
 * At start the A7 hands the core two buffers through the mailbox FIFO (commands 0xba5e0001 outbound, 0xba5e0002
 * inbound, 0xba5e0003 end of setup; each datum is a descriptor: the buffer's 32-byte aligned address in the top 27
 * bits, log2 of its size in the low 5). Each buffer is a 64-byte header {writePosition, readPosition, reserved[14]}
 * and a data ring of blocks: a 32-bit size of what follows, the other app's component ID, a reserved word and the
 * payload, 16-byte aligned, wrapping at the end. The RTApp writes its outbound ring and its outbound header only:
 * where it has written (writePosition) and where it has read the inbound ring (readPosition).
 * The shared buffers are reached through the core (WebAssembly pointers address the app's own memory): this library
 * copies with CopyFromChip/CopyToChip where the platform's does memcpy.
 */
#ifndef SPHAERA_RT_INTERCORE_H
#define SPHAERA_RT_INTERCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rt/mt3620.h>

#define MAILBOX_A7_BASE 0x21050000u
#define MAILBOX_CMD_POP0 0x50
#define MAILBOX_DATA_POP0 0x54
#define MAILBOX_FIFO_POP_CNT 0x58
#define MAILBOX_SW_TX_INT_PORT 0x14
#define MAILBOX_SW_RX_INT_EN 0x18
#define MAILBOX_SW_RX_INT_STS 0x1C
#define MAILBOX_HLCORE_SENT_TO_IOCORE 0x2u
#define MAILBOX_IOCORE_SENT_TO_HLCORE 0x1u
#define MAILBOX_IOCORE_RECV_FROM_HLCORE 0x2u
/* The software mailbox interrupt as the platform's bare-metal samples number it. */
#define MAILBOX_IRQ 11
#define INTERCORE_MAX_PAYLOAD_LEN 1040
#define INTERCORE_HEADER 64u
#define INTERCORE_ALIGNMENT 16u

typedef struct {
    uint32_t data1;
    uint16_t data2;
    uint16_t data3;
    uint8_t data4[8];
} ComponentId;

typedef struct {
    uint32_t inbound;      /* header address of the ring the A7 writes */
    uint32_t outbound;     /* header address of the ring this app writes */
    uint32_t inboundSize;  /* data bytes after each header */
    uint32_t outboundSize;
} IntercoreComm;

typedef enum {
    Intercore_OK = 0,
    Intercore_Recv_NoBlockSize = 1,
    Intercore_Recv_BufferTooSmall = 2,
    Intercore_Send_NotEnoughBufferSpace = 3,
    Intercore_Send_MessageTooLarge = 4,
    Intercore_Corrupt = 5,
} IntercoreResult;

/* Waits for the A7 to hand over the buffers, then enables the mailbox interrupt for messages from it. */
static inline void IntercoreSetup(IntercoreComm *icc)
{
    uint32_t inbound = 0, outbound = 0;
    for (;;) {
        while (ReadReg32(MAILBOX_A7_BASE, MAILBOX_FIFO_POP_CNT) == 0) {
            /* the A7 has not written yet */
        }
        uint32_t data = ReadReg32(MAILBOX_A7_BASE, MAILBOX_DATA_POP0);
        uint32_t command = ReadReg32(MAILBOX_A7_BASE, MAILBOX_CMD_POP0);
        if (command == 0xba5e0001u) {
            outbound = data;
        } else if (command == 0xba5e0002u) {
            inbound = data;
        } else if (command == 0xba5e0003u) {
            break;
        }
    }
    icc->inbound = inbound & ~0x1Fu;
    icc->outbound = outbound & ~0x1Fu;
    icc->inboundSize = (1u << (inbound & 0x1Fu)) - INTERCORE_HEADER;
    icc->outboundSize = (1u << (outbound & 0x1Fu)) - INTERCORE_HEADER;
    WriteReg32(MAILBOX_A7_BASE, MAILBOX_SW_RX_INT_EN, MAILBOX_HLCORE_SENT_TO_IOCORE);
    WriteReg32(MAILBOX_A7_BASE, MAILBOX_SW_RX_INT_STS, MAILBOX_HLCORE_SENT_TO_IOCORE);
    SetNvicPriority(MAILBOX_IRQ, 2);
    EnableNvicInterrupt(MAILBOX_IRQ);
}

/* Clears the mailbox interrupt; call it from the app's handler for MAILBOX_IRQ. */
static inline void IntercoreAcknowledgeIrq(void)
{
    WriteReg32(MAILBOX_A7_BASE, MAILBOX_SW_RX_INT_STS, MAILBOX_IOCORE_RECV_FROM_HLCORE);
}

static inline uint32_t Intercore_Copy(uint32_t ring, uint32_t size, uint32_t position, uint8_t *bytes, size_t count,
                                      bool toRing)
{
    /* At most two runs: up to the ring's end, then from its start. */
    while (count > 0) {
        size_t run = size - position < count ? size - position : count;
        uint32_t address = ring + INTERCORE_HEADER + position;
        if (toRing) {
            CopyToChip(address, bytes, run);
        } else {
            CopyFromChip(address, bytes, run);
        }
        bytes += run;
        count -= run;
        position = position + run == size ? 0 : position + (uint32_t)run;
    }
    return position;
}

static inline uint32_t Intercore_Align(uint32_t position, uint32_t size)
{
    position = (position + INTERCORE_ALIGNMENT - 1) & ~(INTERCORE_ALIGNMENT - 1);
    return position >= size ? position - size : position;
}

/* Sends a message to the app whose component ID is dest; then rings the A7. */
static inline IntercoreResult IntercoreSend(IntercoreComm *icc, const ComponentId *dest, const void *data, size_t size)
{
    if (size > INTERCORE_MAX_PAYLOAD_LEN) {
        return Intercore_Send_MessageTooLarge;
    }
    uint32_t read = ReadReg32(icc->inbound, 4);   /* where the A7 has read our ring */
    uint32_t write = ReadReg32(icc->outbound, 0); /* where we have written it */
    if (read >= icc->outboundSize || write >= icc->outboundSize || read % INTERCORE_ALIGNMENT || write % INTERCORE_ALIGNMENT) {
        return Intercore_Corrupt;
    }
    uint32_t space = read <= write ? read - write + icc->outboundSize : read - write;
    uint32_t block = 4 + sizeof(ComponentId) + 4 + (uint32_t)size;
    if (space < block + INTERCORE_ALIGNMENT) {
        return Intercore_Send_NotEnoughBufferSpace;
    }
    uint32_t sizeField = block - 4;
    uint32_t reserved = 0;
    write = Intercore_Copy(icc->outbound, icc->outboundSize, write, (uint8_t *)&sizeField, 4, true);
    write = Intercore_Copy(icc->outbound, icc->outboundSize, write, (uint8_t *)dest, sizeof(ComponentId), true);
    write = Intercore_Copy(icc->outbound, icc->outboundSize, write, (uint8_t *)&reserved, 4, true);
    write = Intercore_Copy(icc->outbound, icc->outboundSize, write, (uint8_t *)data, size, true);
    WriteReg32(icc->outbound, 0, Intercore_Align(write, icc->outboundSize));
    WriteReg32(MAILBOX_A7_BASE, MAILBOX_SW_TX_INT_PORT, MAILBOX_IOCORE_SENT_TO_HLCORE);
    return Intercore_OK;
}

/* Takes the next message from the A7, if any: its sender and payload (size: in, room; out, length). */
static inline IntercoreResult IntercoreRecv(IntercoreComm *icc, ComponentId *sender, void *data, size_t *size)
{
    uint32_t write = ReadReg32(icc->inbound, 0); /* where the A7 has written */
    uint32_t read = ReadReg32(icc->outbound, 4); /* where we have read */
    if (read >= icc->inboundSize || write >= icc->inboundSize || read % INTERCORE_ALIGNMENT || write % INTERCORE_ALIGNMENT) {
        return Intercore_Corrupt;
    }
    uint32_t available = write >= read ? write - read : write - read + icc->inboundSize;
    if (available < 4) {
        return Intercore_Recv_NoBlockSize;
    }
    uint32_t block = 0;
    uint32_t at = Intercore_Copy(icc->inbound, icc->inboundSize, read, (uint8_t *)&block, 4, false);
    if (block < sizeof(ComponentId) + 4 || block > available - 4) {
        return Intercore_Corrupt;
    }
    size_t payload = block - sizeof(ComponentId) - 4;
    if (payload > *size) {
        return Intercore_Recv_BufferTooSmall;
    }
    uint32_t reserved;
    at = Intercore_Copy(icc->inbound, icc->inboundSize, at, (uint8_t *)sender, sizeof(ComponentId), false);
    at = Intercore_Copy(icc->inbound, icc->inboundSize, at, (uint8_t *)&reserved, 4, false);
    at = Intercore_Copy(icc->inbound, icc->inboundSize, at, (uint8_t *)data, payload, false);
    *size = payload;
    WriteReg32(icc->outbound, 4, Intercore_Align(at, icc->inboundSize));
    WriteReg32(MAILBOX_A7_BASE, MAILBOX_SW_TX_INT_PORT, MAILBOX_IOCORE_RECV_FROM_HLCORE);
    return Intercore_OK;
}

#endif
