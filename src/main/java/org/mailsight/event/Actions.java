package org.mailsight.event;

import java.util.List;

/**
 * The {@code event.action} vocabulary, shared by every MTA, and the ECS categorization each action implies.
 * Only ECS allowed values for event.kind, event.category, event.type and event.outcome are used.
 */
public final class Actions {
    private Actions() {}

    public static final String UNPARSED = "unparsed";

    private record Ecs(String kind, List<String> category, List<String> type, String outcome) {}

    private static final List<String> EMAIL = List.of("email");
    private static final List<String> NETWORK = List.of("network");
    private static final List<String> AUTH = List.of("authentication");
    private static final List<String> PROCESS = List.of("process");
    private static final List<String> SESSION = List.of("session");
    private static final List<String> EMAIL_NETWORK = List.of("email", "network");
    private static final List<String> INTRUSION = List.of("intrusion_detection", "network");
    private static final List<String> CONFIG = List.of("configuration");
    private static final List<String> INFO = List.of("info");
    private static final List<String> DENIED = List.of("info", "denied");
    private static final List<String> ALLOWED = List.of("allowed");
    private static final List<String> CONN_START = List.of("connection", "start");
    private static final List<String> CONN_END = List.of("connection", "end");
    private static final List<String> PROTOCOL = List.of("protocol");
    private static final List<String> START = List.of("start");
    private static final List<String> END = List.of("end");
    private static final List<String> CHANGE = List.of("change");
    private static final List<String> ERROR = List.of("error");

    private static Ecs ecs(String action) {
        return switch (action) {
            case "connect" -> new Ecs("event", NETWORK, CONN_START, null);
            case "disconnect" -> new Ecs("event", NETWORK, CONN_END, null);
            case "lost-connection", "timeout", "too-many-errors" -> new Ecs("event", NETWORK, CONN_END, "failure");
            case "connect-failed" -> new Ecs("event", NETWORK, CONN_START, "failure");
            case "protocol-error", "pipelining-violation" -> new Ecs("event", NETWORK, PROTOCOL, "failure");
            case "received", "queued", "message-id", "notification", "delivery-attempt", "message-summary"
                    -> new Ecs("event", EMAIL, INFO, null);
            case "delivered", "relayed", "released", "requeued", "forwarded" -> new Ecs("event", EMAIL, INFO, "success");
            case "deferred", "bounced", "expired" -> new Ecs("event", EMAIL, INFO, "failure");
            case "removed", "held", "discarded", "redirected", "filtered", "warned", "skipped", "header-logged",
                 "header-changed" -> new Ecs("event", EMAIL, INFO, null);
            case "rejected" -> new Ecs("event", EMAIL_NETWORK, DENIED, "failure");
            case "accepted" -> new Ecs("event", EMAIL_NETWORK, List.of("info", "allowed"), "success");
            case "copied" -> new Ecs("event", EMAIL, INFO, null);
            case "reject-warning" -> new Ecs("event", EMAIL, INFO, null);
            case "authenticated" -> new Ecs("event", AUTH, START, "success");
            case "auth-failed" -> new Ecs("event", AUTH, START, "failure");
            case "tls-established" -> new Ecs("event", NETWORK, PROTOCOL, "success");
            case "tls-failed", "tls-verify-failed" -> new Ecs("event", NETWORK, PROTOCOL, "failure");
            case "tls-info" -> new Ecs("event", NETWORK, PROTOCOL, null);
            case "dnsbl-listed" -> new Ecs("event", INTRUSION, DENIED, null);
            case "postscreen-pass", "postscreen-allowlisted" -> new Ecs("event", NETWORK, ALLOWED, "success");
            case "postscreen-denylisted", "postscreen-violation" -> new Ecs("event", INTRUSION, DENIED, "failure");
            case "service-started" -> new Ecs("event", PROCESS, START, "success");
            case "service-stopped" -> new Ecs("event", PROCESS, END, null);
            case "service-reloaded", "config-changed" -> new Ecs("event", CONFIG, CHANGE, null);
            case "service-status" -> new Ecs("event", PROCESS, INFO, null);
            case "statistics" -> new Ecs("metric", null, INFO, null);
            case "signed", "auth-checked", "scanned" -> new Ecs("event", EMAIL, INFO, null);
            case "greylisted" -> new Ecs("event", EMAIL_NETWORK, DENIED, "failure");
            case "mailbox-login" -> new Ecs("event", List.of("authentication", "session"), START, "success");
            case "mailbox-logout" -> new Ecs("event", SESSION, END, null);
            case "mail-saved", "mail-copied", "mailbox-created" -> new Ecs("event", EMAIL, List.of("info", "creation"), "success");
            case "mail-deleted", "mail-expunged", "mail-autoexpunged", "mailbox-deleted"
                    -> new Ecs("event", EMAIL, List.of("info", "deletion"), "success");
            case "mail-undeleted", "mail-flags-changed", "mailbox-renamed" -> new Ecs("event", EMAIL, List.of("info", "change"), "success");
            case "warning", "info" -> new Ecs("event", null, INFO, null);
            case "error", "fatal", "panic" -> new Ecs("event", null, ERROR, "failure");
            case UNPARSED -> new Ecs("event", null, null, null);
            default -> throw new IllegalArgumentException("unknown event.action " + action);
        };
    }

    /** Every action of the vocabulary, in the order docs/fields.md lists them. */
    public static final List<String> ALL = List.of(
            "connect", "disconnect", "lost-connection", "timeout", "too-many-errors", "connect-failed",
            "protocol-error", "pipelining-violation", "received", "queued", "message-id", "notification",
            "delivery-attempt", "delivered", "relayed", "released", "requeued", "forwarded", "deferred", "bounced",
            "expired", "removed", "held", "discarded", "redirected", "filtered", "warned", "skipped",
            "header-logged", "header-changed", "rejected", "accepted", "copied", "reject-warning", "authenticated", "auth-failed",
            "tls-established", "tls-failed", "tls-verify-failed", "tls-info", "dnsbl-listed", "postscreen-pass",
            "postscreen-allowlisted", "postscreen-denylisted", "postscreen-violation", "service-started",
            "service-stopped", "service-reloaded", "config-changed", "service-status", "statistics",
            "signed", "auth-checked", "greylisted", "scanned",
            "mailbox-login", "mailbox-logout", "mail-saved", "mail-copied", "mail-deleted", "mail-undeleted",
            "mail-expunged", "mail-autoexpunged", "mail-flags-changed", "mailbox-created", "mailbox-deleted",
            "mailbox-renamed", "message-summary", "info", "warning", "error", "fatal", "panic", UNPARSED);

    private static final java.util.Map<String, Ecs> TABLE = new java.util.HashMap<>();
    static {
        for (String a : ALL) TABLE.put(a, ecs(a));
    }

    /** Sets event.action and the ECS categorization it implies. */
    public static void set(MailEvent e, String action) {
        Ecs c = TABLE.get(action);
        if (c == null) throw new IllegalArgumentException("unknown event.action " + action);
        e.put(Fields.EVENT_ACTION, action);
        e.categorize(c.kind, c.category, c.type, c.outcome);
    }

    /** Overrides the outcome an action implies, when the line says more (e.g. a 4xx reject). */
    public static void outcome(MailEvent e, String outcome) {
        e.put(Fields.EVENT_OUTCOME, outcome);
    }
}
