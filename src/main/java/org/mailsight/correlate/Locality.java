package org.mailsight.correlate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** What is "ours": local domains and networks, for email.direction. */
public final class Locality {
    private final Set<String> domains;
    private final List<byte[][]> networks = new ArrayList<>(); // {address, mask}

    /**
     * @param domains local mail domains (a leading dot or none: subdomains match too)
     * @param networks CIDR blocks of our own clients and servers; 127.0.0.0/8 and ::1 are always local
     */
    public Locality(List<String> domains, List<String> networks) {
        this.domains = new TreeSet<>();
        for (String d : domains) this.domains.add(d.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""));
        List<String> all = new ArrayList<>(networks);
        all.add("127.0.0.0/8");
        all.add("::1/128");
        for (String n : all) this.networks.add(cidr(n));
    }

    public static Locality defaults() {
        return new Locality(List.of(), List.of());
    }

    /** Parses "a.b.c.d/n" or "x::/n"; throws IllegalArgumentException with a plain sentence. */
    static byte[][] cidr(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        if (!org.mailsight.parse.Net.isIp(addr)) {
            throw new IllegalArgumentException("'" + text + "' is not a network: write it like 192.0.2.0/24 or 2001:db8::/32.");
        }
        byte[] a = bytes(addr);
        int bits = a.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > a.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length: use 0 to " + a.length * 8 + ".");
            }
        }
        byte[] mask = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            int b = Math.min(8, Math.max(0, bits - i * 8));
            mask[i] = (byte) (b == 0 ? 0 : 0xff << (8 - b));
        }
        return new byte[][] {a, mask};
    }

    private static byte[] bytes(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address.");
        }
    }

    public boolean localAddress(String ip) {
        if (ip == null || !org.mailsight.parse.Net.isIp(ip)) return false;
        byte[] a = bytes(ip);
        for (byte[][] n : networks) {
            if (n[0].length != a.length) continue;
            boolean match = true;
            for (int i = 0; i < a.length && match; i++) match = (a[i] & n[1][i]) == (n[0][i] & n[1][i]);
            if (match) return true;
        }
        return false;
    }

    /** True, false, or null when no local domains are configured (then the delivery path decides). */
    public Boolean localDomain(String address) {
        if (domains.isEmpty() || address == null) return null;
        String d = org.mailsight.parse.Net.domainOf(address);
        if (d == null) return Boolean.TRUE; // a bare local part is a local user
        for (String mine : domains) if (d.equals(mine) || d.endsWith("." + mine)) return Boolean.TRUE;
        return Boolean.FALSE;
    }
}
