package org.mailsight.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key index of an event answers what a map in insertion order answers, at every size and after removals. */
class MailEventTest {

    @Test
    void putGetRemoveAgreeWithAnInsertionOrderedMap() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) keys.add(("test.field_" + i).intern()); // past the 127 fields a byte indexes
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            MailEvent e = new MailEvent();
            Map<String, Object> oracle = new LinkedHashMap<>();
            int span = 1 + random.nextInt(keys.size());
            for (int op = 0; op < 600; op++) {
                String k = keys.get(random.nextInt(span));
                if (random.nextInt(4) == 0) {
                    assertThat(e.remove(k)).isEqualTo(oracle.remove(k));
                } else {
                    Long v = (long) op;
                    e.put(k, v);
                    oracle.put(k, v);
                }
                String probe = keys.get(random.nextInt(keys.size()));
                assertThat(e.get(probe)).isEqualTo(oracle.get(probe));
                assertThat(e.has(probe)).isEqualTo(oracle.containsKey(probe));
            }
            assertThat(fields(e)).isEqualTo(oracle);
            assertThat(fields(e)).containsExactlyEntriesOf(oracle); // the order too
            MailEvent back = roundTrip(e);
            for (String k : keys) assertThat(back.get(k)).isEqualTo(oracle.get(k));
            String k = keys.get(random.nextInt(keys.size())); // a restored event takes new fields and removals too
            back.put(k, -1L);
            oracle.put(k, -1L);
            assertThat(fields(back)).containsExactlyEntriesOf(oracle);
            assertThat(back.remove(k)).isEqualTo(oracle.remove(k));
            assertThat(fields(back)).containsExactlyEntriesOf(oracle);
        }
    }

    @Test
    void keysWithEqualTextButAnotherIdentityAreOtherKeys() {
        MailEvent e = new MailEvent().put(Fields.SOURCE_IP, "192.0.2.1");
        assertThat(e.get(new String(Fields.SOURCE_IP))).isNull(); // identity, as documented: constants or interned
        assertThat(e.get(new String(Fields.SOURCE_IP).intern())).isEqualTo("192.0.2.1");
    }

    private static Map<String, Object> fields(MailEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        e.forEach(m::put);
        return m;
    }

    private static MailEvent roundTrip(MailEvent e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (MailEvent) in.readObject();
        }
    }
}
