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
            String s = c.text();
            int h = s.indexOf(" H=", c.pos());
            int from = s.indexOf("from ", c.pos());
            if (h >= 0) c.pos(h + 3);
            else if (from >= 0) c.pos(from + 5);
            c.skip("H=");
            EximParser.host(c, e, Net.Side.SOURCE);
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
        if (c.skip("Message is frozen")) {
            Actions.set(e, "held");
            e.put(Fields.EVENT_REASON, "Message is frozen");
            return c.atEnd();
        }
        if (c.skip("rejected MAIL FROM:<")) {
            // "rejected MAIL FROM:<a> H=...: message too big: size=N max=M" (the SIZE= parameter)
            return Rejection.addressThenHost(c, e, Fields.EMAIL_FROM, "MAIL");
        }
        if (c.skip("unqualified verify rejected: <")) {
            Rejection.addressThenHost(c, e, Fields.EMAIL_TO, "VRFY");
            e.put(Fields.EVENT_REASON, "unqualified address");
            return true;
        }
        if (c.skip("rejected MAIL from ") || c.skip("rejected MAIL command ") || c.skip("rejected \"")) {
            // "rejected MAIL from [ip]:port: no HELO/EHLO given", "rejected "EHLO x" from [ip]:port"
            String s = c.text();
            if (s.charAt(c.pos() - 1) == '"') {
                String cmd = c.until('"');
                e.put(Fields.MAIL_SMTP_COMMAND, cmd == null ? "EHLO" : cmd.split(" ")[0]);
                c.skip(" from ");
            } else {
                e.put(Fields.MAIL_SMTP_COMMAND, "MAIL");
            }
            c.skip("H=");
            EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "rejected");
            if (c.skip(": ")) e.put(Fields.EVENT_REASON, c.rest());
            c.rest();
            return true;
        }
        if (c.skip("refused connection from ") || c.skip("temporarily refused connection from ")) {
            EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "rejected");
            e.put(Fields.MAIL_SMTP_COMMAND, "CONNECT");
            String rest = c.rest().trim();
            if (rest.startsWith(":")) rest = rest.substring(1).trim();
            if (!rest.isEmpty()) e.put(Fields.EVENT_REASON, rest);
            return true;
        }
        if (c.skip("unqualified recipient rejected: <") || c.skip("unqualified sender rejected: <")) {
            boolean rcpt = c.text().startsWith("unqualified recipient");
            String addr = c.until('>');
            if (rcpt) e.add(Fields.EMAIL_TO, addr);
            else e.add(Fields.EMAIL_FROM, addr);
            c.skip(' ');
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            Actions.set(e, "rejected");
            e.put(Fields.MAIL_SMTP_COMMAND, rcpt ? "RCPT" : "MAIL");
            e.put(Fields.EVENT_REASON, rcpt ? "unqualified recipient" : "unqualified sender");
            return true;
        }
        if (c.skip("VRFY failed for <") || c.skip("EXPN failed for <")) {
            e.add(Fields.EMAIL_TO, c.until('>'));
            c.skip(' ');
            Tokens.fields(c, e, Tokens.Kind.SESSION);
            Actions.set(e, "rejected");
            e.put(Fields.MAIL_SMTP_COMMAND, c.text().substring(0, 4));
            return true;
        }
        if (c.skip("ETRN ")) {
            String arg = c.until(" received from ");
            if (arg == null) return false;
            e.put("exim.etrn", arg);
            EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "info");
            return true;
        }
        if (panic(c, e)) return true;
        if (c.skip("no host name found for IP address ")) {
            Net.put(e, Net.Side.SOURCE, null, c.rest(), -1);
            Actions.set(e, "warning");
            e.put(Fields.EVENT_REASON, c.text());
            return true;
        }
        if (c.skip("no IP address found for host ")) {
            e.put(Fields.SOURCE_DOMAIN, c.word());
            if (c.skip("(during SMTP connection from ")) EximParser.host(c, e, Net.Side.SOURCE);
            Actions.set(e, "warning");
            e.put(Fields.EVENT_REASON, c.text());
            c.rest();
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
        if (c.at("Warning: ")) return Rejection.tail(c, e);
        if (c.skip("DKIM: ")) return Dkim.parse(c, e);
        int start = c.pos();
        if (c.skip("H=") || c.skip("U=") || c.skip("F=")) {
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

    /** Exim's panic and error lines (written to paniclog and mainlog): kept as errors, text in error.message. */
    private static final String[] PANICS = {
        "accept() failure", "accept() failures", "Exim configuration error", "Cannot open main log file",
        "Cannot open reject log", "Cannot open panic log", "failed to write to main log", "daemon: ",
        "failed to expand ", "local_scan() function crashed", "string too large in ", "setrlimit(",
        "Error in system filter", "failed to read delivery status", "failed to open ", "User ", "exim: ",
        "Failed to ", "failed to ", "unable to ", "Unable to ", "internal error", "malformed ", "Permission denied"
    };

    private static boolean panic(Cursor c, MailEvent e) {
        String s = c.text();
        int p = c.pos();
        int i = p;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++; // "50 accept() failures: ..."
        if (i > p && i < s.length() && s.charAt(i) == ' ') i++;
        boolean known = false;
        for (String k : PANICS) {
            if (s.startsWith(k, i) && (!k.equals("User ") || s.contains(" set for ") && s.contains(" never_users"))) {
                known = true;
                break;
            }
        }
        if (!known) return false;
        String text = s.substring(p);
        Actions.set(e, "error");
        e.put(Fields.LOG_LEVEL, "error");
        e.put(Fields.ERROR_MESSAGE, text);
        e.put(Fields.EVENT_REASON, text);
        c.rest();
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
