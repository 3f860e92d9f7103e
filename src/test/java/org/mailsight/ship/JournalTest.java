package org.mailsight.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mailsight.record.LogRecord;

/** journald's JSON and export formats, as systemd documents them (JSON: non-UTF-8 values as byte arrays). */
class JournalTest {
    @Test
    void aJsonRecordGivesTheHeaderJournaldSplitOff() {
        Journal.Entry e = Journal.fromJson("{\"__CURSOR\":\"s=1;i=2\",\"__REALTIME_TIMESTAMP\":\"1700000000123456\","
                + "\"_HOSTNAME\":\"mail\",\"SYSLOG_IDENTIFIER\":\"postfix/smtpd\",\"_PID\":\"4242\",\"PRIORITY\":\"6\","
                + "\"SYSLOG_FACILITY\":\"2\",\"MESSAGE\":\"connect from unknown[192.0.2.1]\"}");
        LogRecord r = e.record();
        assertThat(e.cursor()).isEqualTo("s=1;i=2");
        assertThat(r.program()).isEqualTo("postfix/smtpd");
        assertThat(r.pid()).isEqualTo(4242);
        assertThat(r.host()).isEqualTo("mail");
        assertThat(r.hasTime()).isTrue();
        assertThat(r.epochSecond()).isEqualTo(1_700_000_000L);
        assertThat(r.nanos()).isEqualTo(123_456_000);
        assertThat(r.priority()).isEqualTo(2 * 8 + 6);
        assertThat(r.message()).isEqualTo("connect from unknown[192.0.2.1]");
    }

    @Test
    void aMessageThatIsNotUtf8ComesAsBytesAndALineThatIsNotJsonIsNoRecord() {
        Journal.Entry e = Journal.fromJson("{\"__CURSOR\":\"c\",\"MESSAGE\":[104,105,255]}");
        assertThat(e.record().message()).isEqualTo("hi\uFFFD");
        assertThat(e.record().hasTime()).isFalse();
        assertThat(Journal.fromJson("Nov 22 03:19:29 mail postfix/qmgr[1]: x")).isNull();
    }

    @Test
    void exportRecordsWithTextAndBinaryFields() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1700000000000000\nSYSLOG_IDENTIFIER=postfix/qmgr\nSYSLOG_PID=77\nMESSAGE=first\n\n"
                .getBytes(StandardCharsets.UTF_8));
        byte[] m = "two\nlines".getBytes(StandardCharsets.UTF_8);
        out.write("__CURSOR=s=1;i=2\nMESSAGE\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 8; i++) out.write((int) (((long) m.length >>> (8 * i)) & 0xff));
        out.write(m);
        out.write("\n_HOSTNAME=mail\n\n".getBytes(StandardCharsets.UTF_8));
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(out.toByteArray()));
        Journal.Entry a = Journal.nextExport(in);
        assertThat(a.cursor()).isEqualTo("s=1;i=1");
        assertThat(a.record().message()).isEqualTo("first");
        assertThat(a.record().pid()).isEqualTo(77);
        Journal.Entry b = Journal.nextExport(in);
        assertThat(b.cursor()).isEqualTo("s=1;i=2");
        assertThat(b.record().message()).isEqualTo("two\nlines");
        assertThat(b.record().host()).isEqualTo("mail");
        assertThat(Journal.nextExport(in)).isNull();
    }
}
