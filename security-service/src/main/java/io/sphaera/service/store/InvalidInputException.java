package io.sphaera.service.store;

/** A value handed to the store is malformed or out of range; {@link #field()} names which one. */
public class InvalidInputException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request field at fault, e.g. "name", "deviceId", "continuationToken". */
    public String field() {
        return field;
    }
}
