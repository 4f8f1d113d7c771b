/*
 * Sphaera: the mailbox between the two I/O cores (each core's end at 0x21060000), as MediaTek's hdl_mbox.c names its
 * registers: post a (command, data) pair with DATA_POST then CMD_POST; take one with DATA_ACPT then CMD_ACPT (which
 * pops it); FIFO interrupts in INT_EN/INT_STS (write 1 to clear WROTE and READ) on IRQs 12-15, software interrupts on
 * IRQ 17 (docs/m4-peripherals.md).
 */
#ifndef SPHAERA_RT_IO_MAILBOX_H
#define SPHAERA_RT_IO_MAILBOX_H

#define IO_MAILBOX_BASE 0x21060000u
#define IO_MAILBOX_SW_INT_PORT 0x14
#define IO_MAILBOX_SW_INT_EN 0x18
#define IO_MAILBOX_SW_INT_STS 0x1C
#define IO_MAILBOX_INT_EN 0x38
#define IO_MAILBOX_INT_STS 0x3C
#define IO_MAILBOX_CMD_POST 0x40
#define IO_MAILBOX_DATA_POST 0x44
#define IO_MAILBOX_POST_CNT 0x48
#define IO_MAILBOX_CMD_ACPT 0x50
#define IO_MAILBOX_DATA_ACPT 0x54
#define IO_MAILBOX_ACPT_CNT 0x58
#define IO_MAILBOX_INT_NOT_EMPTY 0x1u
#define IO_MAILBOX_INT_WROTE 0x2u
#define IO_MAILBOX_INT_NOT_FULL 0x4u
#define IO_MAILBOX_INT_READ 0x8u
#define IO_MAILBOX_IRQ_READ 12
#define IO_MAILBOX_IRQ_NOT_FULL 13
#define IO_MAILBOX_IRQ_WROTE 14
#define IO_MAILBOX_IRQ_NOT_EMPTY 15
#define IO_MAILBOX_IRQ_SOFTWARE 17

#endif
