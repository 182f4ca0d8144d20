package io.enrolgate.mef.protocol;

import io.enrolgate.mef.core.Printable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * oneM2M timestamps (TS-0004 m2m:timestamp): ISO 8601 basic format {@code YYYYMMDDTHHMMSS}, in UTC. A
 * trailing {@code Z} is accepted on input; output never has one and drops fractions of a second.
 */
public final class OneM2mTime {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private OneM2mTime() {
    }

    public static String format(Instant instant) {
        return BASIC.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    public static Instant parse(String text, String field) {
        String digits = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        try {
            if (digits.length() != 15) {
                throw new DateTimeParseException("wrong length", digits, 0);
            }
            return LocalDateTime.parse(digits, BASIC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + Printable.of(text, 40)
                    + "' is not a oneM2M timestamp: expected YYYYMMDDTHHMMSS in UTC, e.g. 20301231T235959");
        }
    }
}
