/**
 * Over-the-air update metadata: the signed manifest the security service makes for one device, naming the images of
 * each update phase, and its verification against the attacks the update-framework literature names.
 */
package io.sphaera.firmware.update;
