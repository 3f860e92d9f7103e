package org.mailsight.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The allow-lists: accounts, envelope senders (exact, case-insensitive) and client networks (CIDR). */
final class Allow {
    private final Set<String> accounts;
    private final Set<String> senders;
    private final List<byte[][]> networks = new ArrayList<>();

    Allow(Set<String> accounts, Set<String> senders, List<String> networks) {
        this.accounts = accounts.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.senders = senders.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String n : networks) this.networks.add(cidr(n));
    }

    boolean account(String user) {
        return !accounts.isEmpty() && accounts.contains(user.toLowerCase(Locale.ROOT));
    }

    boolean sender(String from) {
        return !senders.isEmpty() && senders.contains(from.toLowerCase(Locale.ROOT));
    }

    boolean network(String ip) {
        if (networks.isEmpty()) return false;
        byte[] a = literal(ip);
        if (a == null) return false;
        for (byte[][] n : networks) {
            byte[] net = n[0];
            int bits = n[1][0] & 0xff;
            if (net.length != a.length) continue;
            boolean match = true;
            for (int i = 0; i < bits && match; i++) {
                int mask = 0x80 >>> (i % 8);
                match = (net[i / 8] & mask) == (a[i / 8] & mask);
            }
            if (match) return true;
        }
        return false;
    }

    /** A network as {address bytes, {prefix length}}; throws IllegalArgumentException with one sentence. */
    static byte[][] cidr(String text) {
        String[] parts = text.trim().split("/", 2);
        byte[] a = literal(parts[0]);
        if (a == null) throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network.");
        int bits = a.length * 8;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > a.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length: give /0 to /" + a.length * 8 + ".");
            }
        }
        return new byte[][] {a, {(byte) bits}};
    }

    /** The bytes of an IPv4 or IPv6 literal, or null; never a DNS lookup. */
    static byte[] literal(String ip) {
        if (ip == null || ip.isEmpty() || !ip.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        if (ip.indexOf(':') < 0 && ip.chars().filter(c -> c == '.').count() != 3) return null;
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
