package dev.provisioning.console;

import io.quarkus.qute.TemplateExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console's templates write values: {@code {fmt:time(key.lastUsedAt)}}. */
@TemplateExtension(namespace = "fmt")
public class ConsoleFormats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private ConsoleFormats() {
    }

    /** Names separated by commas. */
    static String list(java.util.List<String> names) {
        return names == null ? "" : String.join(", ", names);
    }

    /** A moment in UTC to the second; "never" for none. */
    static String time(OffsetDateTime time) {
        return time == null ? "never" : time.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
    }
}
