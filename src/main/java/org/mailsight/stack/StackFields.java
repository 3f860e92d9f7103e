package org.mailsight.stack;

/** Field names of the filters around the MTA (milters, policy servers, content filters). */
public final class StackFields {
    private StackFields() {}

    public static final String SPF = "mail.auth_results.spf";
    public static final String SPF_IDENTITY = "mail.auth_results.spf_identity";
    public static final String DKIM = "mail.auth_results.dkim";
    public static final String DKIM_DOMAIN = "mail.auth_results.dkim_domain";
    public static final String DKIM_SELECTOR = "mail.auth_results.dkim_selector";
    public static final String DMARC = "mail.auth_results.dmarc";
    public static final String DMARC_DOMAIN = "mail.auth_results.dmarc_domain";

    public static final String SPAM_ENGINE = "mail.spam.engine";
    public static final String SPAM_SCORE = "mail.spam.score";
    public static final String SPAM_REQUIRED = "mail.spam.required";
    public static final String SPAM_ACTION = "mail.spam.action";
    public static final String SPAM_VERDICT = "mail.spam.verdict";
    public static final String SPAM_SYMBOLS_COUNT = "mail.spam.symbols_count";
    public static final String SPAM_SYMBOLS = "mail.spam.symbols";

    public static final String VIRUS_ENGINE = "mail.virus.engine";
    public static final String VIRUS_VERDICT = "mail.virus.verdict";
    public static final String VIRUS_NAME = "mail.virus.name";

    public static final String FILTER_ACTION = "mail.filter.action";
    public static final String FILTER_VERDICT = "mail.filter.verdict";
    public static final String FILTER_DETAIL = "mail.filter.detail";
    public static final String FILTER_POLICY = "mail.filter.policy";
    public static final String FILTER_MAIL_ID = "mail.filter.mail_id";
    public static final String FILTER_TASK_ID = "mail.filter.task_id";
    public static final String FILTER_QUARANTINE = "mail.filter.quarantine";
    public static final String FILTER_NEXT_ID = "mail.filter.next_local_id";
    public static final String FILTER_ELAPSED_MS = "mail.filter.elapsed_ms";

    public static final String GREYLIST_ACTION = "mail.greylist.action";
    public static final String GREYLIST_REASON = "mail.greylist.reason";
    public static final String GREYLIST_DELAY = "mail.greylist.delay";

    public static final String RSPAMD_MODULE = "rspamd.module";
    public static final String RSPAMD_FUNCTION = "rspamd.function";

    public static final String HOP_ROLE = "mail.hop.role";
    public static final String HOP_NEXT = "mail.hop.next_local_id";
    public static final String HOP_PREVIOUS = "mail.hop.previous_local_id";
}
