package io.sphaera.service.store;

/**
 * The request clashes with what is already stored (a duplicate name, a device already claimed, an image ID the tenant
 * holds already, a tenant CA already kept); {@link #field()} names the field that clashes.
 */
public final class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ConflictException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
