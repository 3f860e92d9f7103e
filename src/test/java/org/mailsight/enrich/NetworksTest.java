package org.mailsight.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworksTest {
    static String kind(String ip) {
        return Networks.kind(IpLiteral.parse(ip));
    }

    @Test
    void specialPurposeRanges() {
        String[][] cases = {
            {"10.1.2.3", "private"}, {"172.16.0.1", "private"}, {"172.31.255.255", "private"}, {"172.32.0.1", "public"},
            {"192.168.1.20", "private"}, {"127.0.0.1", "loopback"}, {"127.255.0.9", "loopback"},
            {"169.254.10.1", "link_local"}, {"100.64.3.4", "cgnat"}, {"100.127.255.254", "cgnat"}, {"100.128.0.1", "public"},
            {"192.0.2.10", "documentation"}, {"198.51.100.7", "documentation"}, {"203.0.113.66", "documentation"},
            {"0.0.0.0", "reserved"}, {"192.0.0.8", "reserved"}, {"198.18.0.1", "reserved"}, {"198.19.255.1", "reserved"},
            {"198.20.0.1", "public"}, {"224.0.0.251", "multicast"}, {"240.0.0.1", "reserved"}, {"255.255.255.255", "reserved"},
            {"8.8.8.8", "public"}, {"130.237.1.1", "public"},
            {"::1", "loopback"}, {"::", "reserved"}, {"fe80::1", "link_local"}, {"febf::1", "link_local"},
            {"fc00::1", "private"}, {"fd12:3456::1", "private"}, {"fec0::1", "private"}, {"2001:db8::1", "documentation"},
            {"3fff:1::1", "documentation"}, {"100::1", "reserved"}, {"ff02::1", "multicast"},
            {"2001:4860:4860::8888", "public"}, {"2a00:1450::1", "public"},
            {"::ffff:192.168.1.1", "private"}, {"::ffff:8.8.8.8", "public"}, {"::ffff:127.0.0.1", "loopback"},
        };
        for (String[] c : cases) assertThat(kind(c[0])).as(c[0]).isEqualTo(c[1]);
    }

    @Test
    void embeddedIpv4() {
        assertThat(Networks.embeddedV4(IpLiteral.parse("::ffff:130.237.1.1"))).containsExactly(130, 237, 1, 1);
        assertThat(Networks.embeddedV4(IpLiteral.parse("::1"))).isNull();
        assertThat(Networks.embeddedV4(IpLiteral.parse("2001:db8::1"))).isNull();
    }
}
