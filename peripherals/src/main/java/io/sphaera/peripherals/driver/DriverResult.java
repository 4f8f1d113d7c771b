package io.sphaera.peripherals.driver;

import java.util.Objects;

/** What a driver call gives: a value, or a typed failure with a one-line detail. */
public sealed interface DriverResult<T> permits DriverResult.Success, DriverResult.Failure {
    /** The call worked; {@code value} is null for calls that return nothing. */
    record Success<T>(T value) implements DriverResult<T> {
    }

    record Failure<T>(DriverFailure failure, String detail) implements DriverResult<T> {
        public Failure {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static <T> DriverResult<T> success(T value) {
        return new Success<>(value);
    }

    static <T> DriverResult<T> failure(DriverFailure failure, String detail) {
        return new Failure<>(failure, detail);
    }

    default boolean isSuccess() {
        return this instanceof Success;
    }

    /** The value, or an {@link IllegalStateException} naming the failure. */
    default T orElseThrow() {
        return switch (this) {
            case Success<T> success -> success.value();
            case Failure<T> failure -> throw new IllegalStateException(failure.failure() + ": " + failure.detail());
        };
    }

    /** The failure, or null for a success. */
    default DriverFailure failureOrNull() {
        return this instanceof Failure<T> failure ? failure.failure() : null;
    }
}
