package org.mailsight.parse;

import java.util.List;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;

/**
 * What servers write when they do not know a value ({@code sasl_username=(unavailable)}, a client named
 * {@code unknown}): never a value. Identity fields holding one are removed, and list entries dropped.
 */
public final class Placeholders {
    private Placeholders() {}

    private static final String[] IDENTITY = {Fields.USER_NAME, Fields.SOURCE_DOMAIN, Fields.DESTINATION_DOMAIN,
        Fields.MAIL_AUTH_METHOD, Fields.MAIL_AUTH_SENDER, Fields.EMAIL_MESSAGE_ID, Fields.USER_ID};
    private static final String[] LISTS = {Fields.RELATED_USER, Fields.RELATED_HOSTS};

    public static boolean is(String v) {
        return switch (v) {
            case "(unavailable)", "unavailable", "(unknown)", "unknown", "[UNAVAILABLE]", "[unknown]", "(null)" -> true;
            default -> false;
        };
    }

    public static void scrub(MailEvent e) {
        for (String f : IDENTITY) {
            if (e.get(f) instanceof String v && is(v)) e.remove(f);
        }
        for (String f : LISTS) {
            if (e.get(f) instanceof List<?> l && l.stream().anyMatch(x -> x instanceof String s && is(s))) {
                List<Object> kept = new java.util.ArrayList<>();
                for (Object x : l) if (!(x instanceof String s && is(s))) kept.add(x);
                if (kept.isEmpty()) e.remove(f);
                else e.put(f, kept);
            }
        }
    }
}
