package org.mailsight.exim;

import org.mailsight.event.Actions;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.parse.Cursor;
import org.mailsight.parse.Net;

/** Lines about SMTP sessions and the daemon, without a message id (also some with one: rejections after DATA). */
final class SessionLine {
    private SessionLine() {}

    static boolean parse(Cursor c, MailEvent e) {
        if (c.skip("SMTP connection from ")) return connection(c, e);
        if (c.skip("unexpected disconnection while reading SMTP command from ")) {
            return host(c, e, "lost-connection");
        }
        if (c.skip("no MAIL in SMTP connection from ") || c.skip("no MAIL in SMTP connection from: ")) {
            host(c, e, "disconnect");
            e.put("exim.no_mail", Boolean.TRUE);
            return true;
        }
        if (c.skip("SMTP command timeout on connection from ") || c.skip("SMTP command timeout on TLS connection from ")) {
            return host(c, e, "timeout");
        }
        if (c.skip("SMTP data timeout (message abandoned) on connection from ")) {
            host(c, e, "timeout");
            e.put(Fields.MAIL_SMTP_COMMAND, "DATA");
            return true;
        }
        if (c.skip("SMTP protocol synchronization error (")) {
            // "(input sent without waiting for greeting): rejected connection from H=[ip]:port input="...""
            String what = c.until("): ");
            e.put(Fields.EVENT_REASON, "synchronization error (" + what + ")");
            Actions.set(e, "pipelining-violation");
            c.until("from ");
            if (c.skip("H=")) EximParser.host(c, e, Net.Side.SOURCE);
            c.rest();
            return true;
        }
        if (c.skip("SMTP protocol error in \"")) {
            String cmd = c.until("\" ");
            if (cmd != null) e.put(Fields.MAIL_SMTP_COMMAND, cmd);
            if (c.skip("H=")) {
                EximParser.host(c, e, Net.Side.SOURCE);
                c.skip(' ');
                Tokens.fields(c, e, Tokens.Kind.SESSION);
            }
            Actions.set(e, "protocol-error");
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("SMTP call from ")) {
            // "SMTP call from (helo) [ip]:port dropped: too many syntax or protocol errors (last command was ...)"
            EximParser.host(c, e, Net.Side.SOURCE);
            c.skip(' ');
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            return Rejection.tail(c, e);
        }
        if (c.skip("SMTP syntax error in \"")) {
            String cmd = c.until("\" ");
            if (cmd != null) e.put(Fields.EVENT_REASON, "SMTP syntax error in \"" + cmd + "\"");
            if (c.skip("H=")) EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "protocol-error");
            c.rest();
            return true;
        }
        if (c.skip("Connection from ")) {
            // "Connection from [ip] refused: too many connections"
            EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "rejected");
            e.put(Fields.MAIL_SMTP_COMMAND, "CONNECT");
            if (c.skip(' ')) e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("rejected EHLO from ") || c.skip("rejected HELO from ")) {
            EximParser.host(c, e, Net.Side.SOURCE);
            c.skip(' ');
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            Actions.set(e, "rejected");
            e.put(Fields.MAIL_SMTP_COMMAND, "EHLO");
            if (c.skip(": ")) {
                String reason = c.rest();
                e.put(Fields.EVENT_REASON, reason);
                e.put(Fields.ERROR_MESSAGE, reason);
            }
            return true;
        }
        if (c.skip("TLS error on connection ")) {
            boolean from = c.skip("from ");
            if (!from) c.skip("to ");
            EximParser.host(c, e, from ? Net.Side.SOURCE : Net.Side.DESTINATION);
            c.skip(' ');
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            Actions.set(e, "tls-failed");
            String rest = c.rest().trim();
            if (rest.startsWith(":")) rest = rest.substring(1).trim();
            e.put(Fields.ERROR_MESSAGE, rest);
            return true;
        }
        if (c.skip("Start queue run: ") || c.skip("End queue run: ")) {
            Actions.set(e, "service-status");
            e.put("exim.queue_run", c.text().startsWith("Start") ? "start" : "end");
            pid(c, e);
            return true;
        }
        if (c.skip("exim ")) {
            // "exim 4.96 daemon started: pid=123, -q30m, listening for SMTP on [127.0.0.1]:25"
            String version = c.word();
            if (!c.skip("daemon started: ")) return false;
            e.put("exim.version", version);
            Actions.set(e, "service-started");
            pid(c, e);
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("pid ")) {
            // "pid 123: SIGHUP received: re-exec daemon"
            long pid = c.number();
            if (pid < 0 || !c.skip(": ")) return false;
            e.put("exim.daemon_pid", pid);
            String rest = c.rest();
            e.put(Fields.EVENT_REASON, rest);
            Actions.set(e, rest.startsWith("SIGHUP") ? "service-reloaded"
                    : rest.startsWith("SIGTERM") || rest.startsWith("SIGINT") ? "service-stopped" : "info");
            return true;
        }
        if (c.skip("cwd=")) {
            // log_selector +arguments: "cwd=/var/spool/exim4 3 args: exim -Mrm id"
            e.put("exim.cwd", c.word());
            Actions.set(e, "info");
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("Warning: ")) {
            Actions.set(e, "warning");
            e.put(Fields.LOG_LEVEL, "warning");
            e.put(Fields.EVENT_REASON, c.rest());
            return true;
        }
        if (c.skip("DKIM: ")) return Dkim.parse(c, e);
        int start = c.pos();
        if (c.skip("H=") || c.skip("U=") || c.skip("F=<")) {
            c.pos(start);
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            return Rejection.tail(c, e);
        }
        String s = c.text();
        int auth = s.indexOf(" authenticator failed for ", start);
        if (auth > start && s.indexOf(' ', start) == auth) return authFailed(c, e, auth);
        return false;
    }

    /** "SMTP connection from H [ip]:port (TCP/IP connection count = N)", "... closed by QUIT", "... lost". */
    private static boolean connection(Cursor c, MailEvent e) {
        if (c.skip("H=")) { /* newer Exim writes the host with H= */ }
        EximParser.host(c, e, Net.Side.SOURCE);
        c.skip(' ');
        Tokens.fields(c, e, Tokens.Kind.SESSION);
        String rest = c.rest();
        if (rest.startsWith("(TCP/IP connection count = ")) {
            Actions.set(e, "connect");
            try {
                e.put("exim.connection_count", Long.parseLong(rest.substring(27, rest.indexOf(')'))));
            } catch (RuntimeException ignored) {
                // left out
            }
        } else if (rest.startsWith("closed by QUIT") || rest.startsWith("closed by DROP") || rest.isEmpty()) {
            Actions.set(e, "disconnect");
            if (!rest.isEmpty()) e.put(Fields.EVENT_REASON, rest);
        } else if (rest.startsWith("lost") || rest.startsWith("closed")) {
            Actions.set(e, "lost-connection");
            e.put(Fields.EVENT_REASON, rest);
        } else {
            return false;
        }
        return true;
    }

    /** A host, then fields (D=, C=, I=...) to the end, under an action. */
    private static boolean host(Cursor c, MailEvent e, String action) {
        c.skip("H=");
        EximParser.host(c, e, Net.Side.SOURCE);
        c.skip(' ');
        Tokens.fields(c, e, Tokens.Kind.SESSION);
        Object commands = e.remove("exim.field.c");
        if (commands != null) e.put("exim.commands", commands);
        Actions.set(e, action);
        if (!c.atEnd()) e.put(Fields.EVENT_REASON, c.rest());
        return true;
    }

    /** "NAME authenticator failed for [H=](helo) [ip]:port [I=[ip]:port]: 535 Incorrect authentication data (set_id=u)". */
    private static boolean authFailed(Cursor c, MailEvent e, int at) {
        String s = c.text();
        e.put(Fields.MAIL_AUTH_METHOD, s.substring(c.pos(), at));
        c.pos(at + 26);
        c.skip("H=");
        EximParser.host(c, e, Net.Side.SOURCE);
        c.skip(' ');
        Tokens.fields(c, e, Tokens.Kind.SESSION);
        Actions.set(e, "auth-failed");
        if (c.skip(": ") || c.skip(":")) {
            String reply = c.rest();
            e.put(Fields.ERROR_MESSAGE, reply);
            e.put(Fields.EVENT_REASON, reply);
            int code = Net.code(reply, 0);
            if (code > 0) e.put(Fields.MAIL_SMTP_CODE, Net.codeValue(code));
            int set = reply.lastIndexOf("(set_id=");
            if (set >= 0 && reply.endsWith(")")) {
                String user = reply.substring(set + 8, reply.length() - 1);
                e.put(Fields.USER_NAME, user);
                e.add(Fields.RELATED_USER, user);
            }
        }
        return true;
    }

    private static void pid(Cursor c, MailEvent e) {
        if (c.skip("pid=")) {
            long pid = c.number();
            if (pid >= 0) e.put("exim.daemon_pid", pid);
            c.skip(", ");
            c.skip(',');
        }
    }
}
