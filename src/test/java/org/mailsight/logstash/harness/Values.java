package org.mailsight.logstash.harness;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logstash's value rules (org.logstash.Valuefier on the way in, Javafier on the way out), for the Java types a
 * plugin can hand over. Accepted: null, String, Long/Integer/Short/Byte (stored as Long), Double/Float (stored
 * as Double), BigInteger, BigDecimal, Boolean, Timestamp, Date, ZonedDateTime, LocalDateTime and LocalDate
 * (stored as Timestamp, the local ones as UTC), any Map with String keys and any List (converted deeply).
 * Everything else (Instant, OffsetDateTime, Set and other Collections, arrays, Character, UUID, enums, ...)
 * throws {@link MissingConverterException}, as a real Logstash does.
 */
public final class Values {
    private Values() {}

    /** Thrown for a value Logstash has no converter for; a RuntimeException that fails the pipeline worker. */
    public static final class MissingConverterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingConverterException(Class<?> cls) {
            super("Missing Converter handling for full class name=" + cls.getName() + ", simple name="
                    + cls.getSimpleName());
        }
    }

    /** Thrown when {@code tags} is set to something other than a String or a List of Strings. */
    public static final class InvalidTagsTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidTagsTypeException(Object value) {
            super("Could not set the reserved tags field to: " + value + ". Tags must be a string or a list of strings");
        }
    }

    /** The stored form of a value passed to setField. */
    public static Object convert(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof BigInteger || v instanceof BigDecimal || v instanceof Timestamp) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof ZonedDateTime z) return new Timestamp(z.toInstant());
        if (v instanceof LocalDateTime l) return new Timestamp(l.toInstant(ZoneOffset.UTC));
        if (v instanceof LocalDate d) return new Timestamp(d.atStartOfDay().toInstant(ZoneOffset.UTC));
        if (v instanceof Date d) return new Timestamp(d.toInstant());
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                converted.put((String) e.getKey(), convert(e.getValue())); // non-String keys: ClassCastException
            }
            return converted;
        }
        if (v instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            for (Object o : list) converted.add(convert(o));
            return converted;
        }
        throw new MissingConverterException(v.getClass());
    }

    /** What getField hands back: a deep Java copy of collections, scalars as stored. */
    public static Object javafy(Object stored) {
        if (stored instanceof Map<?, ?> map) {
            Map<String, Object> copy = new HashMap<>();
            map.forEach((k, x) -> copy.put((String) k, javafy(x)));
            return copy;
        }
        if (stored instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) copy.add(javafy(o));
            return copy;
        }
        return stored;
    }

    /** Checks a value for the reserved {@code tags} field. */
    public static void checkTags(Object v) {
        if (v instanceof String) return;
        if (v instanceof List<?> list && list.stream().allMatch(t -> t instanceof String)) return;
        throw new InvalidTagsTypeException(v);
    }
}
