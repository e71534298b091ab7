package dev.provisioning.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times an entity is written with. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * Now, in UTC, to the microsecond: what PostgreSQL's {@code timestamptz} keeps, so that the value
     * held in memory is the value read back (a cursor made from it finds the row again).
     */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
