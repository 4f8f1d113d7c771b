package io.sphaera.emulator.update;

import java.util.UUID;

/** An app image in an app slot, as the update agent compares it with a manifest and reports it. */
record InstalledApp(int slot, UUID imageId, UUID componentId, String version) {
}
