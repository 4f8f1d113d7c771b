package io.sphaera.service.store;

/**
 * A thing the request refers to does not exist for this tenant. Another tenant's things are reported exactly like
 * missing ones, so a tenant cannot learn that they exist.
 */
public final class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public NotFoundException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request field that refers to the missing thing, e.g. "productId". */
    public String field() {
        return field;
    }
}
