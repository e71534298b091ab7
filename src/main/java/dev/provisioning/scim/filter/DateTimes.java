package dev.provisioning.scim.filter;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** ISO-8601 date-times as SCIM writes them (xsd:dateTime); a missing offset means UTC. */
final class DateTimes {

    private DateTimes() {
    }

    /** The parsed date-time, or null when {@code text} is not one. */
    static OffsetDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
