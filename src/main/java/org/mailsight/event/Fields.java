package org.mailsight.event;

/** Field paths of the field contract (docs/fields.md). */
public final class Fields {
    private Fields() {}

    public static final String MESSAGE = "message";
    public static final String TAGS = "tags";
    /** The line was cut (a syslog daemon's size limit): only what was complete before the cut is kept. */
    public static final String TAG_TRUNCATED = "_mailsight_truncated";

    public static final String EVENT_ORIGINAL = "event.original";
    public static final String EVENT_KIND = "event.kind";
    public static final String EVENT_CATEGORY = "event.category";
    public static final String EVENT_TYPE = "event.type";
    public static final String EVENT_OUTCOME = "event.outcome";
    public static final String EVENT_ACTION = "event.action";
    public static final String EVENT_REASON = "event.reason";
    public static final String EVENT_MODULE = "event.module";
    public static final String EVENT_DATASET = "event.dataset";
    public static final String EVENT_SEVERITY = "event.severity";
    public static final String LOG_LEVEL = "log.level";
    public static final String LOG_SYSLOG_APPNAME = "log.syslog.appname";
    public static final String LOG_SYSLOG_PRIORITY = "log.syslog.priority";
    public static final String LOG_SYSLOG_FACILITY = "log.syslog.facility.code";
    public static final String LOG_SYSLOG_SEVERITY = "log.syslog.severity.code";
    public static final String LOG_SYSLOG_HOSTNAME = "log.syslog.hostname";
    public static final String LOG_SYSLOG_MSGID = "log.syslog.msgid";
    public static final String LOG_SYSLOG_VERSION = "log.syslog.version";

    public static final String HOST_HOSTNAME = "host.hostname";
    public static final String PROCESS_NAME = "process.name";
    public static final String PROCESS_PID = "process.pid";
    public static final String SERVICE_TYPE = "service.type";
    public static final String SERVICE_NAME = "service.name";

    public static final String EMAIL_LOCAL_ID = "email.local_id";
    public static final String EMAIL_FROM = "email.from.address";
    public static final String EMAIL_TO = "email.to.address";
    public static final String EMAIL_MESSAGE_ID = "email.message_id";
    public static final String EMAIL_SUBJECT = "email.subject";
    public static final String EMAIL_DIRECTION = "email.direction";

    public static final String SOURCE_IP = "source.ip";
    public static final String SOURCE_PORT = "source.port";
    public static final String SOURCE_DOMAIN = "source.domain";
    public static final String DESTINATION_IP = "destination.ip";
    public static final String DESTINATION_PORT = "destination.port";
    public static final String DESTINATION_DOMAIN = "destination.domain";
    public static final String DESTINATION_ADDRESS = "destination.address";

    public static final String USER_NAME = "user.name";
    public static final String USER_ID = "user.id";
    public static final String TLS_VERSION = "tls.version";
    public static final String TLS_VERSION_PROTOCOL = "tls.version_protocol";
    public static final String TLS_CIPHER = "tls.cipher";
    public static final String TLS_ESTABLISHED = "tls.established";
    public static final String TLS_SERVER_SUBJECT = "tls.server.subject";
    public static final String TLS_CLIENT_SUBJECT = "tls.client.subject";
    public static final String NETWORK_PROTOCOL = "network.protocol";
    public static final String NETWORK_TRANSPORT = "network.transport";
    public static final String ERROR_CODE = "error.code";
    public static final String ERROR_MESSAGE = "error.message";
    public static final String FILE_PATH = "file.path";

    public static final String MAIL_ORIG_TO = "mail.orig_to";
    public static final String MAIL_SMTP_CODE = "mail.smtp.code";
    public static final String MAIL_SMTP_COMMAND = "mail.smtp.command";
    public static final String MAIL_DSN = "mail.dsn";
    public static final String MAIL_RESPONSE = "mail.response";
    public static final String MAIL_STATUS = "mail.status";
    public static final String MAIL_DELAY = "mail.delay";
    public static final String MAIL_DELAYS_BEFORE_QUEUE = "mail.delays.before_queue";
    public static final String MAIL_DELAYS_IN_QUEUE = "mail.delays.in_queue";
    public static final String MAIL_DELAYS_CONNECTION = "mail.delays.connection";
    public static final String MAIL_DELAYS_TRANSMISSION = "mail.delays.transmission";
    public static final String MAIL_SIZE = "mail.size";
    public static final String MAIL_NRCPT = "mail.nrcpt";
    public static final String MAIL_HELO = "mail.helo";
    public static final String MAIL_PROTOCOL = "mail.protocol";
    public static final String MAIL_AUTH_METHOD = "mail.auth.method";
    public static final String MAIL_AUTH_SENDER = "mail.auth.sender";
    public static final String MAIL_RELAY = "mail.relay";
    public static final String MAIL_CONN_USE = "mail.conn_use";
    public static final String MAIL_TRANSPORT = "mail.transport";
    public static final String MAIL_QUEUE = "mail.queue";
    public static final String MAIL_HEADER_NAME = "mail.header.name";
    public static final String MAIL_HEADER_VALUE = "mail.header.value";
    public static final String MAIL_CHECK = "mail.check";
    public static final String MAIL_DNSBL_DOMAIN = "mail.dnsbl.domain";
    public static final String MAIL_DNSBL_RESULT = "mail.dnsbl.result";
    public static final String MAIL_DNSBL_RANK = "mail.dnsbl.rank";
    public static final String MAIL_NOTIFICATION_ID = "mail.notification.local_id";
    public static final String MAIL_NOTIFICATION_TYPE = "mail.notification.type";
    public static final String MAIL_REDIRECT = "mail.redirect";
    public static final String MAIL_UID = "mail.uid";
    public static final String MAIL_COUNT = "mail.count";

    public static final String RELATED_IP = "related.ip";
    public static final String RELATED_USER = "related.user";
    public static final String RELATED_HOSTS = "related.hosts";

    // Postfix extras
    public static final String POSTFIX_COMMANDS = "postfix.commands";
    public static final String POSTFIX_POSTSCREEN_TEST = "postfix.postscreen.test";
    public static final String POSTFIX_POSTSCREEN_DELAY = "postfix.postscreen.delay";
    public static final String POSTFIX_POSTSCREEN_BYTES = "postfix.postscreen.bytes";
    public static final String POSTFIX_TLS_LEVEL = "postfix.tls.trust";
    public static final String POSTFIX_TLS_BITS = "postfix.tls.bits";
    public static final String POSTFIX_TLS_ALG_BITS = "postfix.tls.algorithm_bits";
    public static final String POSTFIX_TLS_KEY_EXCHANGE = "postfix.tls.key_exchange";
    public static final String POSTFIX_TLS_SERVER_SIGNATURE = "postfix.tls.server_signature";
    public static final String POSTFIX_TLS_SERVER_DIGEST = "postfix.tls.server_digest";
    public static final String POSTFIX_TLS_CLIENT_SIGNATURE = "postfix.tls.client_signature";
    public static final String POSTFIX_TLS_CLIENT_DIGEST = "postfix.tls.client_digest";
    public static final String POSTFIX_ANVIL_METRIC = "postfix.anvil.metric";
    public static final String POSTFIX_ANVIL_VALUE = "postfix.anvil.value";
    public static final String POSTFIX_ANVIL_INTERVAL = "postfix.anvil.interval";
    public static final String POSTFIX_ANVIL_SERVICE = "postfix.anvil.service";
    public static final String POSTFIX_VERSION = "postfix.version";
    public static final String POSTFIX_CONFIG_DIR = "postfix.config_directory";
    public static final String POSTFIX_SIGNAL = "postfix.signal";
    public static final String POSTFIX_CACHE_RETAINED = "postfix.cache.retained";
    public static final String POSTFIX_CACHE_DROPPED = "postfix.cache.dropped";
    public static final String POSTFIX_SCACHE = "postfix.scache";
    public static final String POSTFIX_MILTER_STAGE = "postfix.milter.stage";
    public static final String POSTFIX_ORIG_QUEUE_ID = "postfix.orig_queue_id";
    public static final String POSTFIX_ORIG_CLIENT = "postfix.orig_client";
}
