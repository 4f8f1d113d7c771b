package io.sphaera.service.store;

/** A tenant, product or device group name breaks {@link NameRules}. */
public final class InvalidNameException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String field, String message) {
        super(field, message);
    }
}
