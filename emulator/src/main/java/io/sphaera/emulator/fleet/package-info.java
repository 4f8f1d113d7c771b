/** Fleets of virtual devices run in one process against a security service: each device with its OS and agents. */
package io.sphaera.emulator.fleet;
