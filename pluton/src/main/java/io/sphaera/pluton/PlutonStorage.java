package io.sphaera.pluton;

import io.sphaera.pluton.storage.FlashRegion;

/**
 * The flash regions Pluton keeps its state in, as the emulator's partition table lays them out.
 *
 * @param fuses           one-time-programmable e-fuses (never erased)
 * @param keyStore        the sealed identity key and factory certificate (an atomic record)
 * @param trustedKeyStore the installed trusted-key-store image (an atomic record)
 * @param capability      the applied capability image (an atomic record)
 * @param bootState       which slot is in force per stage (an atomic record)
 */
public record PlutonStorage(FlashRegion fuses, FlashRegion keyStore, FlashRegion trustedKeyStore, FlashRegion capability,
                            FlashRegion bootState) {
}
