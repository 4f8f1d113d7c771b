package io.sphaera.service.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Events of one kind a device reports (app crashes, exits, failed updates), counted over a time range.
 *
 * @param eventClass    e.g. "AppExit", "AppCrash", "UpdateFailed"
 * @param eventCategory e.g. the component ID of the app concerned
 */
public record ErrorEvent(
        ErrorEventType eventType,
        String eventClass,
        String eventCategory,
        String description,
        int count,
        Instant start,
        Instant end) {
    public static final int MAX_TEXT_LENGTH = 256;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;

    public ErrorEvent {
        Objects.requireNonNull(eventType, "eventType");
        eventClass = text("eventClass", eventClass, MAX_TEXT_LENGTH);
        eventCategory = text("eventCategory", eventCategory, MAX_TEXT_LENGTH);
        description = text("description", description, MAX_DESCRIPTION_LENGTH);
        if (count < 1) {
            throw new InvalidInputException("count", "an event count is at least 1");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new InvalidInputException("end", "an event range ends no earlier than it starts");
        }
    }

    private static String text(String field, String value, int max) {
        String v = value == null ? "" : value;
        if (v.length() > max) {
            throw new InvalidInputException(field, "at most " + max + " characters");
        }
        return v;
    }
}
