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
import java.util.List;
import java.util.Map;

/**
 * Logstash's value rules: {@link #convert} is org.logstash.Valuefier (every value a plugin stores becomes its Ruby
 * form, {@link Ruby}; maps become {@link ConvertedMap}, lists {@link ConvertedList}, deeply), {@link #javafy} is
 * Javafier.deep (what getField hands back: Java values, collections copied). Accepted: null, String, Long, Integer,
 * Short, Byte, Double, Float, BigInteger, BigDecimal, Boolean, Timestamp, Date, ZonedDateTime, LocalDateTime and
 * LocalDate (the local ones as UTC), any Map with String keys and any List. Everything else (Instant,
 * OffsetDateTime, Set and other Collections, arrays, Character, UUID, enums, ...) throws
 * {@link MissingConverterException}, as a real Logstash does.
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

    /** The stored (Ruby) form of a value passed to setField, like Valuefier.convert. */
    public static Object convert(Object v) {
        if (v == null) return Ruby.NIL;
        if (v instanceof String s) return new Ruby.Str(s);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return new Ruby.Int(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) return new Ruby.Float(((Number) v).doubleValue());
        if (v instanceof Boolean b) return b ? Ruby.Bool.TRUE : Ruby.Bool.FALSE;
        if (v instanceof ConvertedMap || v instanceof ConvertedList || v instanceof Ruby.Str || v instanceof Ruby.Int
                || v instanceof Ruby.Float || v instanceof Ruby.Bool || v instanceof Ruby.Big || v instanceof Ruby.Time
                || v == Ruby.NIL) {
            return v; // already converted: Valuefier's identity converters
        }
        if (v instanceof BigInteger || v instanceof BigDecimal) return new Ruby.Big((Number) v);
        if (v instanceof Timestamp t) return new Ruby.Time(t);
        if (v instanceof ZonedDateTime z) return time(z.toInstant());
        if (v instanceof LocalDateTime l) return time(l.toInstant(ZoneOffset.UTC));
        if (v instanceof LocalDate d) return time(d.atStartOfDay().toInstant(ZoneOffset.UTC));
        if (v instanceof Date d) return time(d.toInstant());
        if (v instanceof Map<?, ?> map) return ConvertedMap.from(map);
        if (v instanceof List<?> list) return ConvertedList.from(list);
        throw new MissingConverterException(v.getClass());
    }

    private static Ruby.Time time(java.time.Instant i) {
        return new Ruby.Time(new Timestamp(i));
    }

    /** What getField hands back, like Javafier.deep: Java values, maps and lists copied. */
    public static Object javafy(Object stored) {
        if (stored instanceof Ruby.Str s) return s.toString();
        if (stored instanceof Ruby.Int i) return i.value();
        if (stored instanceof Ruby.Float f) return f.value();
        if (stored instanceof Ruby.Bool b) return b.value();
        if (stored == Ruby.NIL) return null;
        if (stored instanceof Ruby.Big b) return b.value();
        if (stored instanceof Ruby.Time t) return t.timestamp();
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
        return stored; // Java values Logstash itself put there ("@version" is the String "1")
    }

    /** Checks a value for the reserved {@code tags} field, like Event#isLegalTagValue. */
    public static void checkTags(Object v) {
        if (!isLegalTags(v)) throw new InvalidTagsTypeException(v);
    }

    static boolean isLegalTags(Object v) {
        if (v == null || v instanceof String || v instanceof Ruby.Str) return true;
        return v instanceof List<?> list && list.stream().allMatch(t -> t instanceof String || t instanceof Ruby.Str);
    }
}
