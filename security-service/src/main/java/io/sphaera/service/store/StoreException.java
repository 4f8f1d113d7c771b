package io.sphaera.service.store;

/**
 * The service store could not do what was asked. This base type means the store itself failed (an I/O or database
 * error, a store written by a newer Sphaera, a closed store); the subclasses mean the request was wrong and nothing
 * was changed.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
