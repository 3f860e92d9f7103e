package org.mailsight.logstash;

import co.elastic.logstash.api.Event;
import java.util.Map;
import org.mailsight.record.LogRecord;

/**
 * Reads the syslog header a shipper already split off the line: program, pid and host, from the field names of
 * Logstash's syslog input (ECS and legacy), Filebeat and Elastic Agent (syslog processor, journald input) and
 * logstash-input-journald. The first field present wins, in the order below (docs/logstash.md has the table).
 */
final class ShipperHeader {
    private ShipperHeader() {}

    /** The program: full syslog tag first ({@code postfix/submission/smtpd}), the bare executable name last. */
    static final String[] PROGRAM = {
        "[log][syslog][appname]",   // Filebeat/Agent syslog processor, Logstash ECS
        "[log][syslog][identifier]", // Filebeat 8/Agent journald input (SYSLOG_IDENTIFIER)
        "[syslog][identifier]",     // Filebeat 7 journald input (SYSLOG_IDENTIFIER)
        "[process][name]",          // Logstash syslog input, ecs_compatibility v1/v8
        "program",                  // Logstash syslog input, legacy (ecs_compatibility disabled)
        "SYSLOG_IDENTIFIER",        // logstash-input-journald
        "[journald][process][name]", // Filebeat/Agent journald input (_COMM): the executable, e.g. "smtpd"
        "_COMM"                     // logstash-input-journald, a message without SYSLOG_IDENTIFIER
    };

    static final String[] PID = {
        "[process][pid]",           // Logstash syslog input ECS
        "[log][syslog][procid]",    // Filebeat/Agent syslog processor (a string)
        "[log][syslog][pid]",       // Filebeat 8/Agent journald input (SYSLOG_PID)
        "[syslog][pid]",            // Filebeat 7 journald input (SYSLOG_PID)
        "pid",                      // Logstash syslog input, legacy
        "SYSLOG_PID",               // logstash-input-journald
        "[journald][pid]",          // Filebeat/Agent journald input (_PID)
        "_PID"                      // logstash-input-journald
    };

    static final String[] HOST = {
        "[host][hostname]",         // Logstash syslog input ECS, Filebeat/Agent journald (_HOSTNAME)
        "[log][syslog][hostname]",  // Filebeat/Agent syslog processor
        "logsource",                // Logstash syslog input, legacy
        "_HOSTNAME"                 // logstash-input-journald
    };

    // the top-level key of each reference: a cheap presence test before the real lookup
    private static final String[] PROGRAM_TOP = tops(PROGRAM);
    private static final String[] PID_TOP = tops(PID);
    private static final String[] HOST_TOP = tops(HOST);

    /** The record for {@code message} if the event names its program, else null: the message is a raw line. */
    static LogRecord read(Event e, String message) {
        Map<String, Object> data = e.getData(); // only its keys are read: values there are Logstash's own types
        String program = text(e, data, PROGRAM, PROGRAM_TOP);
        if (program == null) return null;
        return LogRecord.preframed(program, pid(e, data), text(e, data, HOST, HOST_TOP), message);
    }

    private static String text(Event e, Map<String, Object> data, String[] refs, String[] tops) {
        for (int i = 0; i < refs.length; i++) {
            if (data.containsKey(tops[i]) && e.getField(refs[i]) instanceof String s && !s.isBlank()) return s.strip();
        }
        return null;
    }

    private static long pid(Event e, Map<String, Object> data) {
        for (int i = 0; i < PID.length; i++) {
            if (!data.containsKey(PID_TOP[i])) continue;
            Object v = e.getField(PID[i]);
            if (v instanceof Number n) return n.longValue() >= 0 ? n.longValue() : -1;
            if (v instanceof String s) {
                try {
                    long pid = Long.parseLong(s.strip());
                    return pid >= 0 ? pid : -1;
                } catch (NumberFormatException notANumber) {
                    // "-" in RFC 5424 means no PROCID; try the next field
                }
            }
        }
        return -1;
    }

    private static String[] tops(String[] refs) {
        String[] tops = new String[refs.length];
        for (int i = 0; i < refs.length; i++) {
            String r = refs[i];
            // interned: the real event's map compares keys by identity (org.logstash.ConvertedMap)
            tops[i] = (r.startsWith("[") ? r.substring(1, r.indexOf(']')) : r).intern();
        }
        return tops;
    }
}
