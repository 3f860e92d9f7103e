package org.mailsight.logstash.harness;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Ruby objects the real event stores (JRuby's RubyString, RubyFixnum, RubyFloat, RubyBoolean, RubyNil,
 * RubyBignum, RubyBigDecimal and Logstash's RubyTimestamp). A string is held as its UTF-8 bytes, as RubyString's
 * ByteList is: storing one costs an encode, reading it back through getField a decode, as in Logstash.
 */
public final class Ruby {
    private Ruby() {}

    /** RubyString: UTF-8 bytes; {@link #toString()} decodes them each time, as RubyString#toString does. */
    public static final class Str {
        private final byte[] bytes;

        Str(String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && Arrays.equals(bytes, s.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** RubyFixnum. */
    public record Int(long value) {}

    /** RubyFloat. */
    public record Float(double value) {}

    /** RubyBoolean. */
    public record Bool(boolean value) {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);
    }

    /** RubyBignum or RubyBigDecimal: the Java number it wraps. */
    public record Big(Number value) {}

    /** Logstash's RubyTimestamp, wrapping the org.logstash.Timestamp getField hands out. */
    public record Time(Timestamp timestamp) {}

    /** RubyNil: a field set to null exists ({@code includes} is true) and reads back as null. */
    public static final Object NIL = new Object() {
        @Override
        public String toString() {
            return "nil";
        }
    };
}
