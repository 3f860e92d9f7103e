package org.mailsight.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as sections of tables, what the text and HTML views both draw, so they show the same numbers. Each
 * number cell names its place in the JSON report ({@code totals.received}, {@code hourly[3].delivered}).
 */
final class Layout {
    private Layout() {}

    record Cell(String text, String path) {
        static Cell label(String text) { return new Cell(text == null ? "" : text, null); }
        static Cell number(long n, String path) { return new Cell(Long.toString(n), path); }
        static Cell decimal(double d, String path) { return new Cell(format(d), path); }
        boolean numeric() { return path != null; }
    }

    /** A table; {@code chart} is the column the HTML view draws as bars (-1: none), {@code vertical} for time series. */
    record Table(String title, List<String> header, List<List<Cell>> rows, int chart, boolean vertical) {}

    record Section(String title, boolean problem, List<Table> tables) {}

    static List<Section> of(Report r, boolean problemsFirst) {
        List<Section> s = new ArrayList<>();
        s.add(new Section("Grand totals", false, List.of(totals(r.totals()))));
        s.add(new Section("Traffic", false, List.of(
                traffic("Per hour", "hourly", r.hourly()), traffic("Per day", "daily", r.daily()))));
        s.add(new Section("Direction", false, List.of(counts("Messages by direction", "direction", r.direction(), "messages"))));
        Report.Tops t = r.tops();
        s.add(new Section("Top senders and recipients", false, List.of(
                ranked("Senders by messages", "tops.sendersByCount", t.sendersByCount(), 1),
                ranked("Senders by bytes", "tops.sendersByBytes", t.sendersByBytes(), 2),
                ranked("Recipients by deliveries", "tops.recipientsByCount", t.recipientsByCount(), 1),
                ranked("Recipients by bytes", "tops.recipientsByBytes", t.recipientsByBytes(), 2),
                ranked("Sending domains", "tops.sendingDomains", t.sendingDomains(), 1),
                ranked("Recipient domains", "tops.recipientDomains", t.recipientDomains(), 1),
                ranked("Sending hosts", "tops.sendingHosts", t.sendingHosts(), 1),
                ranked("Outbound volume per account", "outboundByAccount", r.outboundByAccount(), 2))));
        Report.Delays d = r.delays();
        s.add(new Section("Delivery delays (seconds)", false, List.of(new Table(null,
                List.of("deliveries", "50%", "90%", "95%", "99%", "max"),
                List.of(List.of(Cell.number(d.count(), "delays.count"), Cell.decimal(d.p50(), "delays.p50"),
                        Cell.decimal(d.p90(), "delays.p90"), Cell.decimal(d.p95(), "delays.p95"),
                        Cell.decimal(d.p99(), "delays.p99"), Cell.decimal(d.max(), "delays.max"))), -1, false))));
        s.add(new Section("Deferrals", true, groups("deferralReasons", r.deferralReasons(), "reason")));
        s.add(new Section("Bounces", true, groups("bounceReasons", r.bounceReasons(), "reason")));
        s.add(new Section("Rejects by restriction", true, groups("rejectReasons", r.rejectReasons(), "reason")));
        s.add(new Section("Warnings", true, List.of(counts(null, "warnings", r.warnings(), "lines"))));
        s.add(new Section("Fatal and panic", true, List.of(counts(null, "fatal", r.fatal(), "lines"))));
        Report.Queue q = r.queue();
        List<List<Cell>> oldest = new ArrayList<>();
        for (int i = 0; i < q.oldest().size(); i++) oldest.add(List.of(Cell.label(q.oldest().get(i))));
        s.add(new Section("Unfinished at end of input", true, List.of(
                new Table(null, List.of("messages in flight"), List.of(List.of(Cell.number(q.messages(), "queue.messages"))), -1, false),
                counts("By status so far", "queue.byStatus", q.byStatus(), "messages"),
                new Table("Oldest", List.of("first seen, queue id"), oldest, -1, false))));
        Report.Auth a = r.auth();
        s.add(new Section("Authentication", true, List.of(
                new Table(null, List.of("successes", "failures"), List.of(List.of(
                        Cell.number(a.successes(), "auth.successes"), Cell.number(a.failures(), "auth.failures"))), -1, false),
                outcomes("Per account", "auth.byAccount", a.byAccount()),
                outcomes("Per client address", "auth.byAddress", a.byAddress()),
                outcomes("Per door", "auth.byDoor", a.byDoor()),
                outcomes("Per country", "auth.byCountry", a.byCountry()))));
        s.add(new Section("Alerts", true, groups("alerts", r.alerts(), "entity")));
        Report.TlsUsage tls = r.tls();
        s.add(new Section("TLS", false, List.of(
                new Table(null, List.of("sessions", "failures"), List.of(List.of(
                        Cell.number(tls.established(), "tls.established"), Cell.number(tls.failed(), "tls.failed"))), -1, false),
                counts("Versions", "tls.versions", tls.versions(), "sessions"),
                counts("Ciphers", "tls.ciphers", tls.ciphers(), "sessions"),
                counts("Trust", "tls.trust", tls.trust(), "sessions"))));
        Report.Mailbox m = r.mailbox();
        s.add(new Section("Mailboxes (Dovecot)", false, List.of(
                new Table(null, List.of("logins", "logouts"), List.of(List.of(
                        Cell.number(m.logins(), "mailbox.logins"), Cell.number(m.logouts(), "mailbox.logouts"))), -1, false),
                counts("Logins per protocol", "mailbox.loginsByProtocol", m.loginsByProtocol(), "logins"),
                counts("Dovecot events by action (deliveries, bounces, sessions, ...)", "mailbox.actions", m.actions(), "events"))));
        if (!problemsFirst) return s;
        List<Section> ordered = new ArrayList<>(s.subList(0, 1));
        s.stream().skip(1).filter(Section::problem).forEach(ordered::add);
        s.stream().skip(1).filter(x -> !x.problem()).forEach(ordered::add);
        return ordered;
    }

    private static Table totals(Report.Totals t) {
        List<List<Cell>> rows = new ArrayList<>();
        row(rows, t.received(), "totals.received", "received");
        row(rows, t.delivered(), "totals.delivered", "delivered");
        row(rows, t.deliveredRecipients(), "totals.deliveredRecipients", "delivered recipients");
        row(rows, t.forwarded(), "totals.forwarded", "forwarded");
        row(rows, t.deferred(), "totals.deferred", "deferred");
        row(rows, t.deferrals(), "totals.deferrals", "deferrals");
        row(rows, t.bounced(), "totals.bounced", "bounced");
        row(rows, t.failedMessages(), "totals.failedMessages", "messages with a bounce");
        row(rows, t.expired(), "totals.expired", "expired");
        row(rows, t.rejected(), "totals.rejected", "rejected");
        row(rows, t.rejectWarnings(), "totals.rejectWarnings", "reject warnings");
        row(rows, t.held(), "totals.held", "held");
        row(rows, t.discarded(), "totals.discarded", "discarded");
        row(rows, t.bytesReceived(), "totals.bytesReceived", "bytes received");
        row(rows, t.bytesDelivered(), "totals.bytesDelivered", "bytes delivered");
        row(rows, t.senders(), "totals.senders", "senders");
        row(rows, t.sendingHosts(), "totals.sendingHosts", "sending hosts/domains");
        row(rows, t.clientHosts(), "totals.clientHosts", "client hosts");
        row(rows, t.recipients(), "totals.recipients", "recipients");
        row(rows, t.recipientHosts(), "totals.recipientHosts", "recipient hosts/domains");
        row(rows, t.messages(), "totals.messages", "messages seen");
        row(rows, t.incomplete(), "totals.incomplete", "messages still in flight");
        return new Table(null, List.of("count", "what"), rows, -1, false);
    }

    private static void row(List<List<Cell>> rows, long n, String path, String what) {
        rows.add(List.of(Cell.number(n, path), Cell.label(what)));
    }

    private static Table traffic(String title, String path, List<Report.Traffic> list) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Report.Traffic x = list.get(i);
            String p = path + "[" + i + "].";
            rows.add(List.of(Cell.label(x.period()), Cell.number(x.received(), p + "received"),
                    Cell.number(x.delivered(), p + "delivered"), Cell.number(x.deferred(), p + "deferred"),
                    Cell.number(x.bounced(), p + "bounced"), Cell.number(x.rejected(), p + "rejected")));
        }
        return new Table(title, List.of(path.equals("hourly") ? "hour" : "day", "received", "delivered", "deferred",
                "bounced", "rejected"), rows, 1, true);
    }

    private static Table ranked(String title, String path, List<Report.Ranked> list, int chart) {
        return table(title, path, list, List.of("messages", "bytes", "name"), (x, p) -> List.of(
                Cell.number(x.count(), p + "count"), Cell.number(x.bytes(), p + "bytes"), Cell.label(x.name())), chart - 1);
    }

    private static Table counts(String title, String path, List<Report.Count> list, String unit) {
        return table(title, path, list, List.of(unit, "what"),
                (x, p) -> List.of(Cell.number(x.count(), p + "count"), Cell.label(x.name())), 0);
    }

    private static Table outcomes(String title, String path, List<Report.Outcome> list) {
        return table(title, path, list, List.of("failures", "successes", "who"), (x, p) -> List.of(
                Cell.number(x.failures(), p + "failures"), Cell.number(x.successes(), p + "successes"), Cell.label(x.name())), 0);
    }

    private static List<Table> groups(String path, List<Report.Group> groups, String what) {
        List<Table> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Report.Group x = groups.get(g);
            String p = path + "[" + g + "]";
            out.add(table(x.name() + " (total: " + x.total() + ")", p + ".reasons", x.reasons(), List.of("count", what),
                    (c, cp) -> List.of(Cell.number(c.count(), cp + "count"), Cell.label(c.name())), 0));
        }
        if (out.isEmpty()) out.add(new Table(null, List.of("count", what), List.of(), -1, false));
        return out;
    }

    private static <T> Table table(String title, String path, List<T> list, List<String> header,
            java.util.function.BiFunction<T, String, List<Cell>> row, int chart) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) rows.add(row.apply(list.get(i), path + "[" + i + "]."));
        return new Table(title, header, rows, chart, false);
    }

    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

}
