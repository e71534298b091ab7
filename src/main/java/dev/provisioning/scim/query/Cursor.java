package dev.provisioning.scim.query;

import dev.provisioning.scim.message.ScimException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * An RFC 9865 cursor: the position after the last resource of a page in the stable order
 * (creation time, id), opaque to clients. Keyset paging makes the last page cost what the first does.
 */
public record Cursor(OffsetDateTime created, UUID id) {

    public String encode() {
        Instant instant = created.toInstant();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        String text = micros + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int dot = text.indexOf('.');
            long micros = Long.parseLong(text.substring(0, dot));
            UUID id = UUID.fromString(text.substring(dot + 1));
            Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            return new Cursor(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), id);
        } catch (RuntimeException e) {
            throw ScimException.invalidCursor("The cursor '" + cursor + "' is not one this service issued");
        }
    }
}
