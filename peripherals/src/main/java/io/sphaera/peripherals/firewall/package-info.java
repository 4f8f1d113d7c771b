/**
 * The hardware firewall: which core owns each peripheral block, and the lock that freezes that assignment until the
 * chip is reset. The OS programs it from the app manifests at boot; the bus asks it about every access.
 */
package io.sphaera.peripherals.firewall;
