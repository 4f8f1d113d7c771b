package io.sphaera.peripherals.mailbox;

/** One entry of a mailbox FIFO: a command word and a data word. */
public record MailboxMessage(int command, int data) {
    @Override
    public String toString() {
        return "MailboxMessage[command=0x" + Integer.toHexString(command) + ", data=0x" + Integer.toHexString(data)
                + "]";
    }
}
