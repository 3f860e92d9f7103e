package org.mailsight.correlate;

import java.util.ArrayList;
import java.util.List;
import org.mailsight.event.Fields;
import org.mailsight.event.MailEvent;
import org.mailsight.stack.StackFields;

/**
 * What the filters around the MTA said of one message: SPF, DKIM and DMARC results, the spam and virus verdicts,
 * the content filter's verdict and greylisting. Every rule is order-independent: a pass beats a fail beats the
 * rest, spam beats clean (then the higher score), infected beats clean, blocked beats passed.
 */
final class Verdicts implements java.io.Serializable {
    private String spf;
    private String spfIdentity;
    private String dkim;
    private String dkimDomain;
    private String dkimSelector;
    private String dmarc;
    private String dmarcDomain;
    private String spamEngine;
    private Double spamScore;
    private Double spamRequired;
    private String spamAction;
    private String spamVerdict;
    private Object spamSymbols;
    private String virusEngine;
    private String virusVerdict;
    private String virusName;
    private String filterAction;
    private String filterVerdict;
    private String filterDetail;
    private String greylistAction;
    private String greylistReason;
    private Object greylistDelay;
    /** Policy answers of the client's session before the queue id existed (policyd-spf, postgrey), unmatched yet. */
    private List<MailEvent> policies;

    void absorb(MailEvent e) {
        String s = e.getString(StackFields.SPF);
        if (s != null && beats(s, spf)) {
            spf = s;
            spfIdentity = e.getString(StackFields.SPF_IDENTITY);
        }
        String d = e.getString(StackFields.DKIM);
        if (d != null && beats(d, dkim)) dkim = d;
        if (e.has(StackFields.DKIM_DOMAIN) && min(dkimDomain, e.getString(StackFields.DKIM_DOMAIN))) {
            dkimDomain = e.getString(StackFields.DKIM_DOMAIN);
            dkimSelector = e.getString(StackFields.DKIM_SELECTOR);
        }
        String m = e.getString(StackFields.DMARC);
        if (m != null && beats(m, dmarc)) {
            dmarc = m;
            dmarcDomain = e.getString(StackFields.DMARC_DOMAIN);
        }
        String verdict = e.getString(StackFields.SPAM_VERDICT);
        if (verdict != null && e.get(StackFields.SPAM_SCORE) instanceof Double score
                && spamWins(verdict, score, e.getString(StackFields.SPAM_ENGINE))) {
            spamVerdict = verdict;
            spamScore = score;
            spamEngine = e.getString(StackFields.SPAM_ENGINE);
            spamRequired = e.get(StackFields.SPAM_REQUIRED) instanceof Double r ? r : null;
            String action = e.getString(StackFields.SPAM_ACTION);
            spamAction = action != null ? action : e.getString(StackFields.FILTER_ACTION);
            spamSymbols = e.get(StackFields.SPAM_SYMBOLS_COUNT);
        }
        String virus = e.getString(StackFields.VIRUS_VERDICT);
        String virusBy = e.getString(StackFields.VIRUS_ENGINE);
        if (virus != null && (virusVerdict == null || (virus.equals("infected") && !virusVerdict.equals("infected"))
                || (virus.equals(virusVerdict) && virusBy != null && (virusEngine == null || virusBy.compareTo(virusEngine) < 0)))) {
            virusVerdict = virus;
            virusEngine = e.getString(StackFields.VIRUS_ENGINE);
            virusName = e.getString(StackFields.VIRUS_NAME);
        }
        String fa = e.getString(StackFields.FILTER_ACTION);
        if (fa != null && (filterAction == null || (fa.equals("blocked") && !filterAction.equals("blocked")))) {
            filterAction = fa;
            filterVerdict = e.getString(StackFields.FILTER_VERDICT);
            filterDetail = e.getString(StackFields.FILTER_DETAIL);
        }
        String ga = e.getString(StackFields.GREYLIST_ACTION);
        String reason = e.getString(StackFields.GREYLIST_REASON);
        if (ga != null && (greylistAction == null || (e.has(StackFields.GREYLIST_DELAY) && greylistDelay == null)
                || (e.has(StackFields.GREYLIST_DELAY) == (greylistDelay != null) && reason != null
                    && (greylistReason == null || reason.compareTo(greylistReason) < 0)))) {
            greylistAction = ga;
            greylistReason = e.getString(StackFields.GREYLIST_REASON);
            greylistDelay = e.get(StackFields.GREYLIST_DELAY);
        }
    }

    /** A policy answer of the session that made the message; taken at summary time if its sender matches. */
    void policy(MailEvent e) {
        if (policies == null) policies = new ArrayList<>(2);
        if (policies.size() < 8) policies.add(e);
    }

    boolean blocked() {
        return "blocked".equals(filterAction);
    }

    private static int rank(String result) {
        return switch (result) {
            case "pass" -> 3;
            case "fail" -> 2;
            case "softfail" -> 1;
            default -> 0;
        };
    }

    private static boolean beats(String result, String current) {
        if (current == null) return true;
        int a = rank(result);
        int b = rank(current);
        return a != b ? a > b : result.compareTo(current) < 0;
    }

    private static boolean min(String current, String candidate) {
        return current == null || candidate.compareTo(current) < 0;
    }

    private boolean spamWins(String verdict, double score, String engine) {
        if (spamVerdict == null) return true;
        boolean spam = verdict.equals("spam");
        boolean was = spamVerdict.equals("spam");
        if (spam != was) return spam;
        if (score != spamScore) return score > spamScore;
        return engine != null && (spamEngine == null || engine.compareTo(spamEngine) < 0);
    }

    /** Puts the verdicts on a summary; earlier hops' verdicts (a content filter's input) fill what this one lacks. */
    void put(MailEvent s, String from, Verdicts earlier) {
        Verdicts v = new Verdicts();
        if (earlier != null) v.merge(earlier);
        v.merge(this);
        if (v.policies != null) {
            for (MailEvent p : v.policies) {
                Object senders = p.get(Fields.EMAIL_FROM);
                if (from == null || !(senders instanceof List<?> l) || l.contains(from)) v.absorb(p);
            }
        }
        s.put(StackFields.SPF, v.spf);
        s.put(StackFields.SPF_IDENTITY, v.spfIdentity);
        s.put(StackFields.DKIM, v.dkim);
        s.put(StackFields.DKIM_DOMAIN, v.dkimDomain);
        s.put(StackFields.DKIM_SELECTOR, v.dkimSelector);
        s.put(StackFields.DMARC, v.dmarc);
        s.put(StackFields.DMARC_DOMAIN, v.dmarcDomain);
        s.put(StackFields.SPAM_ENGINE, v.spamEngine);
        s.put(StackFields.SPAM_SCORE, v.spamScore);
        s.put(StackFields.SPAM_REQUIRED, v.spamRequired);
        s.put(StackFields.SPAM_ACTION, v.spamAction);
        s.put(StackFields.SPAM_VERDICT, v.spamVerdict);
        s.put(StackFields.SPAM_SYMBOLS_COUNT, v.spamSymbols);
        s.put(StackFields.VIRUS_ENGINE, v.virusEngine);
        s.put(StackFields.VIRUS_VERDICT, v.virusVerdict);
        s.put(StackFields.VIRUS_NAME, v.virusName);
        s.put(StackFields.FILTER_ACTION, v.filterAction);
        s.put(StackFields.FILTER_VERDICT, v.filterVerdict);
        s.put(StackFields.FILTER_DETAIL, v.filterDetail);
        s.put(StackFields.GREYLIST_ACTION, v.greylistAction);
        s.put(StackFields.GREYLIST_REASON, v.greylistReason);
        s.put(StackFields.GREYLIST_DELAY, v.greylistDelay);
    }

    /** Takes another hop's verdicts through the same rules, as if its lines had been this message's. */
    private void merge(Verdicts o) {
        MailEvent e = new MailEvent();
        e.put(StackFields.SPF, o.spf);
        e.put(StackFields.SPF_IDENTITY, o.spfIdentity);
        e.put(StackFields.DKIM, o.dkim);
        e.put(StackFields.DKIM_DOMAIN, o.dkimDomain);
        e.put(StackFields.DKIM_SELECTOR, o.dkimSelector);
        e.put(StackFields.DMARC, o.dmarc);
        e.put(StackFields.DMARC_DOMAIN, o.dmarcDomain);
        e.put(StackFields.SPAM_VERDICT, o.spamVerdict);
        e.put(StackFields.SPAM_SCORE, o.spamScore);
        e.put(StackFields.SPAM_ENGINE, o.spamEngine);
        e.put(StackFields.SPAM_REQUIRED, o.spamRequired);
        e.put(StackFields.SPAM_ACTION, o.spamAction);
        e.put(StackFields.SPAM_SYMBOLS_COUNT, o.spamSymbols);
        e.put(StackFields.VIRUS_VERDICT, o.virusVerdict);
        e.put(StackFields.VIRUS_ENGINE, o.virusEngine);
        e.put(StackFields.VIRUS_NAME, o.virusName);
        e.put(StackFields.FILTER_ACTION, o.filterAction);
        e.put(StackFields.FILTER_VERDICT, o.filterVerdict);
        e.put(StackFields.FILTER_DETAIL, o.filterDetail);
        e.put(StackFields.GREYLIST_ACTION, o.greylistAction);
        e.put(StackFields.GREYLIST_REASON, o.greylistReason);
        e.put(StackFields.GREYLIST_DELAY, o.greylistDelay);
        absorb(e);
        if (o.policies != null) for (MailEvent p : o.policies) policy(p);
    }
}
