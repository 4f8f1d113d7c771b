package io.sphaera.firmware.manifest;

/**
 * An app manifest or hardware definition that cannot be used. The message names the file, the field and the reason,
 * e.g. "app_manifest.json: Capabilities.Gpio: GPIO 8 is listed twice".
 */
public final class ManifestException extends Exception {
    private final String field;

    public ManifestException(String source, String field, String reason) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
        this.field = field;
    }

    /** The field at fault ("Capabilities.Gpio"), or "" for the document as a whole. */
    public String field() {
        return field;
    }
}
