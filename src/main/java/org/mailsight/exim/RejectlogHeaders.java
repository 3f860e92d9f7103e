package org.mailsight.exim;

import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * The lines rejectlog writes after a rejection: {@code Envelope-from: <a>}, {@code Envelope-to: <b>}, then the
 * message's headers, each prefixed by Exim's spool flag ({@code P Received:}, {@code F From:}, {@code I Message-ID:},
 * {@code T To:}, or spaces for other headers and continuation lines). They stay with the rejection event.
 */
final class RejectlogHeaders {
    private RejectlogHeaders() {}

    static void parse(String block, MailEvent e) {
        e.put("exim.rejectlog.headers", block);
        for (String line : block.split("\n")) {
            if (line.startsWith("Envelope-from: <")) {
                e.add(Fields.EMAIL_FROM, strip(line.substring(15)));
                continue;
            }
            if (line.startsWith("Envelope-to: <")) {
                e.add(Fields.EMAIL_TO, strip(line.substring(13)));
                continue;
            }
            // a flag char and a space, or spaces, then "Name: value"
            String header = line.length() > 2 && line.charAt(1) == ' ' ? line.substring(2) : line.trim();
            int colon = header.indexOf(": ");
            if (colon <= 0) continue;
            String name = header.substring(0, colon);
            String value = header.substring(colon + 2).trim();
            if (name.equalsIgnoreCase("Subject") && !e.has(Fields.EMAIL_SUBJECT)) e.put(Fields.EMAIL_SUBJECT, value);
            else if (name.equalsIgnoreCase("Message-ID") && !e.has(Fields.EMAIL_MESSAGE_ID)) {
                e.put(Fields.EMAIL_MESSAGE_ID, strip(value));
            } else if (name.equalsIgnoreCase("From")) e.put("exim.header_from", value);
        }
    }

    private static String strip(String v) {
        v = v.trim();
        return v.length() > 1 && v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v;
    }
}
