package org.mailsight.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mailsight.enrich.IpLiteral;

/**
 * Keyed pseudonyms (HMAC-SHA-256): the same value and key give the same pseudonym in every run and front door, so
 * correlation and per-domain views still work; without the key they cannot be reversed or recomputed.
 * Addresses keep their domain ({@code h:3f9a0c1d2e4b5a69@example.com}); user names become {@code h:<hex>};
 * IP addresses keep their /24 (IPv4) or /48 (IPv6) network and get a hashed host part, so they stay addresses.
 * Thread-safe: each thread uses its own copy of the keyed MAC.
 */
final class Pseudonyms {
    static final String PREFIX = "h:";
    private static final int HEX_CHARS = 16; // 64 bits: no collision in practice among one site's accounts
    private final Mac prototype;
    private final ThreadLocal<Mac> macs;

    Pseudonyms(byte[] key) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this Java runtime", e);
        }
        macs = ThreadLocal.withInitial(this::copy);
    }

    private Mac copy() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA-256 cannot be copied per thread", e);
        }
    }

    private byte[] mac(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code h:<hex>} of a value (a user name; an address's lower-cased whole, for its local part). */
    String token(String value) {
        byte[] m = mac(value.toLowerCase(Locale.ROOT));
        StringBuilder b = new StringBuilder(PREFIX.length() + HEX_CHARS).append(PREFIX);
        for (int i = 0; i < HEX_CHARS / 2; i++) {
            b.append(Character.forDigit((m[i] >> 4) & 0xf, 16)).append(Character.forDigit(m[i] & 0xf, 16));
        }
        return b.toString();
    }

    /** The address with its local part replaced: {@code h:<hex>@domain}. */
    String address(String local, String domain) {
        return token(local + "@" + domain) + "@" + domain;
    }

    /** The IP literal with its host part hashed (never equal to the real one), or null when it is none. */
    String ip(String literal) {
        byte[] real = IpLiteral.parse(literal);
        if (real == null) return null;
        byte[] m = mac("ip:" + literal.toLowerCase(Locale.ROOT));
        byte[] out = real.clone();
        if (out.length == 4) {
            out[3] = m[0];
            if (out[3] == real[3]) out[3] ^= (byte) 0x80;
            return (out[0] & 0xff) + "." + (out[1] & 0xff) + "." + (out[2] & 0xff) + "." + (out[3] & 0xff);
        }
        System.arraycopy(m, 0, out, 6, 10);
        if (java.util.Arrays.equals(out, real)) out[15] ^= (byte) 0x80;
        return v6(out);
    }

    /** RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    static String v6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
