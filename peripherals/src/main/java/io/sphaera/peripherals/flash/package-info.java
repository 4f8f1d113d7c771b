/**
 * The device's NOR flash and its partitions.
 *
 * <p>Semantics: 4 KiB sectors erase to 0xFF; a program may only clear bits, and one that would need a 0 -> 1
 * transition anywhere is refused whole. Every program and erase first passes the flash's {@link
 * io.sphaera.peripherals.flash.FlashWriteGate}, the single point where fault injection cuts power before a write or
 * tears it after its first bytes; the flash then keeps exactly what was applied.
 *
 * <p>Memory: content is held as 4 KiB pages shared by content through a weak {@link
 * io.sphaera.peripherals.flash.PagePool}. A flash changes at most one page of its own in place (its open page) and
 * hands it to the pool once written to its end or when it writes elsewhere, so identical images cost one copy across
 * devices and a run of small writes costs one copy per page.
 *
 * <p>On disk: one file per device, exactly the flash's size, holding the bitwise complement of every byte, so that
 * erased flash is zeros and the file stays sparse. Writes go through with positional writes before each call
 * returns (no fsync: a killed JVM loses nothing, a crashed host may).
 */
package io.sphaera.peripherals.flash;
