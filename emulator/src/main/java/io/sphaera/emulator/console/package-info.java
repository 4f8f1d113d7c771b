/**
 * A device running in the foreground (`sphaera device run`) and the control channel through which other commands
 * reach it while it runs: its app (start, stop, status, quota), its GPIO levels and LEDs, its buttons.
 */
package io.sphaera.emulator.console;
