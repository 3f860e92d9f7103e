package org.mailsight.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The enricher's own IP literal reader agrees with the JDK on valid literals and refuses everything else. */
class IpLiteralTest {
    @Test
    void agreesWithTheJdkOnEveryAddressItPrints() throws Exception {
        Random random = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(b);
            if (b.length == 16 && i % 6 == 1) for (int k = 2; k < 12; k++) b[k] = 0; // runs of zeros
            InetAddress a = InetAddress.getByAddress(b);
            assertThat(IpLiteral.parse(a.getHostAddress())).as(a.getHostAddress()).isEqualTo(a.getAddress());
        }
    }

    @Test
    void compressedAndMixedForms() throws Exception {
        for (String s : new String[] {"::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "fe80::1",
                "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "1::1.2.3.4", "::1.2.3.4", "64:ff9b::192.0.2.33",
                "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "2001:4860:4860::8888", "0.0.0.0", "255.255.255.255"}) {
            assertThat(IpLiteral.parse(s)).as(s).isEqualTo(InetAddress.getByName(s).getAddress());
        }
        byte[] mapped = IpLiteral.parse("::ffff:192.0.2.1");
        assertThat(mapped).hasSize(16).endsWith((byte) 0xff, (byte) 0xff, (byte) 192, (byte) 0, (byte) 2, (byte) 1);
        assertThat(IpLiteral.parse("fe80::1%eth0")).isEqualTo(IpLiteral.parse("fe80::1"));
    }

    @Test
    void refusesWhatIsNoLiteral() {
        for (String s : new String[] {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1..2.3", ".1.2.3",
                "1.2.3.4.", "1:2:3", ":1::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
                "g::1", "\u0661.\u0662.\u0663.\u0664", "\uff11.2.3.4", "::1.2.3", "1.2.3.4:", "1:", ":", ":::",
                "localhost", "1.2.3.4 ", " 1.2.3.4", "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::",
                "[::1]", "%eth0", "unknown", "x".repeat(100)}) {
            assertThat(IpLiteral.parse(s)).as("'" + s + "'").isNull();
        }
        assertThat(IpLiteral.parse(null)).isNull();
    }

    @Test
    void randomTextNeverThrows() {
        Random random = new Random(11);
        String alphabet = "0123456789abcdefABCDEF:.%x ";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(48); n > 0; n--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            byte[] r = IpLiteral.parse(b.toString());
            if (r != null) assertThat(r.length).isIn(4, 16);
        }
    }
}
