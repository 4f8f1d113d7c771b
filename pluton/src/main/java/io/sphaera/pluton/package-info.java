/**
 * Pluton, the MT3620's root of trust: e-fuses, the device identity key, the trusted key store, secure and measured
 * boot and attestation evidence. It sees image packages through firmware-model and nothing else of Sphaera's.
 */
package io.sphaera.pluton;
