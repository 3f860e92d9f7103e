#!/usr/bin/env bash
# Capture a real Postfix (+ Dovecot) log corpus on a throw-away Debian 12 machine.
# Run as root. Loopback traffic only. Usage: postfix.sh [OUTDIR]   (default scripts/capture/out)
# See README.md next to this file.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/out}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
SAMPLE_OUT="${SAMPLE_OUT:-}"  # optional extra copy of maillog (e.g. samples/postfix/maillog)
QUICK="${QUICK:-0}"           # QUICK=1 skips the long queue-lifetime waits
SKIP_INSTALL="${SKIP_INSTALL:-0}"
ETC=/etc/postfix/mailcap      # our postfix maps
CAP=/etc/mailcap              # other daemons' config
LOGD=/var/log/mailcap         # rsyslog output
RUN=/run/mailcap
TRANSCRIPT=$LOGD/client-transcript.log
export DEBIAN_FRONTEND=noninteractive

log() { printf '\n=== [%s] %s\n' "$(date -u +%T)" "$*" >&2; }
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }

# ---------------------------------------------------------------- install
if [ "$SKIP_INSTALL" != 1 ]; then
  log "installing packages"
  printf '%s\n' "postfix postfix/main_mailer_type select Internet Site" \
                "postfix postfix/mailname string mail.example.test" | debconf-set-selections
  apt-get update -q >/dev/null
  apt-get install -y -q postfix postfix-pcre dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd \
     rsyslog swaks pflogsumm openssl procps dnsmasq-base python3 opendkim opendkim-tools \
     libsasl2-modules >/dev/null || { echo "apt-get install failed" >&2; exit 1; }
fi

[ "${INSTALL_ONLY:-0}" = 1 ] && exit 0  # chroot.sh installs outside the network namespace

# ---------------------------------------------------------------- stop leftovers
stop_all() {
  postfix stop >/dev/null 2>&1
  for pf in $RUN/dnsmasq.pid $RUN/opendkim.pid $RUN/sink.pid $RUN/sink2.pid $RUN/rsyslogd.pid /run/dovecot/master.pid; do
    [ -s "$pf" ] && kill "$(cat "$pf")" 2>/dev/null
    rm -f "$pf"
  done
  sleep 1
  if [ -f /etc/resolv.conf.mailcap-orig ]; then
    cat /etc/resolv.conf.mailcap-orig > /etc/resolv.conf && rm -f /etc/resolv.conf.mailcap-orig
  fi
}
log "stopping leftovers of a previous run"
stop_all
trap 'stop_all' EXIT

rm -rf "$LOGD" $RUN; mkdir -p "$LOGD" $RUN $ETC $CAP
rm -f /var/log/postfix.log /var/log/dovecot.log

# ---------------------------------------------------------------- users, certs
log "users and certificates"
for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"; done
getent group vmail >/dev/null || groupadd -g 5000 vmail
id vmail >/dev/null 2>&1 || useradd -u 5000 -g vmail -d /var/vmail -s /usr/sbin/nologin vmail
mkdir -p /var/vmail /var/vmail-postfix; chown -R vmail:vmail /var/vmail /var/vmail-postfix
printf 'bob\n"|/bin/cat >/dev/null"\n' > ~bob/.forward; chown bob: ~bob/.forward
rm -f /var/mail/alice /var/mail/bob
if [ ! -s $ETC/cert.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mail.example.test" \
    -keyout $ETC/key.pem -out $ETC/cert.pem >/dev/null 2>&1
fi
chmod 600 $ETC/key.pem

# ---------------------------------------------------------------- local DNS (dnsmasq, loopback only, never forwards)
log "dnsmasq"
mkdir -p $CAP/dkim
if [ ! -s $CAP/dkim/test.private ]; then
  opendkim-genkey -b 1024 -D $CAP/dkim -d mail.example.test -s test >/dev/null 2>&1
fi
DKIM_P="$(tr -d '\n\t' < $CAP/dkim/test.txt 2>/dev/null | sed -e 's/.*p=//' -e 's/".*//' -e 's/[" ]//g')"
cat > $CAP/dnsmasq.conf <<EOF
listen-address=127.0.0.1
bind-interfaces
port=53
no-resolv
no-poll
no-hosts
domain-needed
log-facility=$LOGD/dnsmasq.log
local=/test/
local=/invalid/
local=/127.in-addr.arpa/
host-record=mail.example.test,127.0.0.1
mx-host=example.test,mail.example.test,10
host-record=remote.test,127.0.0.40
mx-host=remote.test,mx.remote.test,10
host-record=mx.remote.test,127.0.0.40
host-record=client5.remote.test,127.0.0.5
ptr-record=5.0.0.127.in-addr.arpa,client5.remote.test
ptr-record=7.0.0.127.in-addr.arpa,fake.example.test
host-record=fake.example.test,127.0.0.77
host-record=66.0.0.127.dnsbl.example.test,127.0.0.2
txt-record=66.0.0.127.dnsbl.example.test,"127.0.0.66 listed for testing, see http://dnsbl.example.test/q?127.0.0.66"
host-record=66.0.0.127.dnsbl2.example.test,127.0.0.3
host-record=67.0.0.127.dnsbl.example.test,127.0.0.4
txt-record=67.0.0.127.dnsbl.example.test,"Listed in test DNSBL"
host-record=spamdomain.test.rhsbl.example.test,127.0.0.2
host-record=spamdomain.test,127.0.0.41
txt-record=test._domainkey.mail.example.test,"v=DKIM1; h=sha256; k=rsa; p=$DKIM_P"
EOF
cp /etc/resolv.conf /etc/resolv.conf.mailcap-orig
echo "nameserver 127.0.0.1" > /etc/resolv.conf
dnsmasq -C $CAP/dnsmasq.conf --pid-file=$RUN/dnsmasq.pid || log "dnsmasq failed (DNSBL tests will not fire)"

# ---------------------------------------------------------------- rsyslog
log "rsyslog"
cat > $CAP/rsyslog.conf <<EOF
global(localHostname="mail" workDirectory="/var/spool/rsyslog")
module(load="imuxsock")
if \$syslogfacility-text == 'mail' and \$syslogtag startswith 'postfix' then {
  action(type="omfile" file="$LOGD/maillog" template="RSYSLOG_TraditionalFileFormat")
  action(type="omfile" file="$LOGD/maillog.iso" template="RSYSLOG_FileFormat")
  stop
}
*.* action(type="omfile" file="$LOGD/other.log" template="RSYSLOG_FileFormat")
EOF
mkdir -p /var/spool/rsyslog
rsyslogd -f $CAP/rsyslog.conf -i $RUN/rsyslogd.pid

# ---------------------------------------------------------------- dovecot (own log file, never syslog)
log "dovecot"
cat > $CAP/dovecot.passwd <<'EOF'
alice@example.test:{PLAIN}alicepw::::::
bob@example.test:{PLAIN}bobpw::::::
dave@lmtp.example.test:{PLAIN}davepw::::::
erin@lmtp.example.test:{PLAIN}erinpw::::::
EOF
chmod 644 $CAP/dovecot.passwd
if dovecot --version 2>/dev/null | grep -q '^2\.4'; then
# Dovecot 2.4 (Debian 13): the new configuration syntax; mail_log on; PAM for system users after passwd-file
printf 'alice:alicesys\nbob:bobsys\n' | chpasswd
cat > $CAP/dovecot.conf <<EOF
dovecot_config_version = 2.4.1
dovecot_storage_version = 2.4.0
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = /run/dovecot
log_path = /var/log/dovecot.log
info_log_path = /var/log/dovecot.log
log_timestamp = "%b %d %H:%M:%S "
ssl = no
auth_allow_cleartext = yes
auth_mechanisms = plain login
auth_verbose = yes
verbose_proctitle = yes
mail_driver = maildir
mail_path = ~/Maildir
first_valid_uid = 1000
lmtp_rcpt_check_quota = no
mail_plugins {
  notify = yes
  mail_log = yes
}
mail_log_events = delete undelete expunge copy mailbox_delete mailbox_rename flag_change save mailbox_create
mail_log_fields = uid box msgid size vsize from subject flags
passdb passwd-file {
  default_password_scheme = PLAIN
  passwd_file_path = $CAP/dovecot.passwd
}
passdb pam {
}
userdb passwd-file {
  passwd_file_path = $CAP/dovecot.passwd
  fields {
    uid:default = vmail
    gid:default = vmail
    home:default = /var/vmail/%{user | domain}/%{user | username}
  }
}
userdb passwd {
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service lmtp {
  unix_listener /var/spool/postfix/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
protocol lmtp {
  postmaster_address = postmaster@mail.example.test
}
EOF
else
cat > $CAP/dovecot.conf <<EOF
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = /run/dovecot
log_path = /var/log/dovecot.log
info_log_path = /var/log/dovecot.log
log_timestamp = "%b %d %H:%M:%S "
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_verbose_passwords = no
verbose_proctitle = yes
mail_location = maildir:~/Maildir
first_valid_uid = 1000
lmtp_rcpt_check_quota = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $CAP/dovecot.passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $CAP/dovecot.passwd
  default_fields = uid=vmail gid=vmail home=/var/vmail/%d/%n
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service lmtp {
  unix_listener /var/spool/postfix/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
protocol lmtp {
  postmaster_address = postmaster@mail.example.test
}
EOF

fi

# ---------------------------------------------------------------- opendkim (milter on 127.0.0.1:8891)
log "opendkim"
cat > $CAP/opendkim.conf <<EOF
Syslog yes
SyslogSuccess yes
LogWhy yes
Mode sv
Domain mail.example.test
Selector test
KeyFile $CAP/dkim/test.private
Socket inet:8891@127.0.0.1
PidFile $RUN/opendkim.pid
UserID opendkim
ResolverConfiguration $CAP/unbound.conf
DNSTimeout 3
On-BadSignature reject
On-KeyNotFound quarantine
InternalHosts 127.0.0.1
EOF
# opendkim resolves through libunbound, which blocks the special-use "test." zone by
# default: un-block it and forward everything to the loopback dnsmasq only.
cat > $CAP/unbound.conf <<EOF
server:
  local-zone: "test." nodefault
  local-zone: "invalid." nodefault
  do-not-query-localhost: no
forward-zone:
  name: "."
  forward-addr: 127.0.0.1
EOF
chown opendkim: $CAP/dkim/test.private 2>/dev/null; chmod 600 $CAP/dkim/test.private
chown opendkim $RUN 2>/dev/null

# ---------------------------------------------------------------- postfix configuration
log "postfix configuration"
[ -f /etc/postfix/main.cf.mailcap-orig ] || cp /etc/postfix/main.cf /etc/postfix/main.cf.mailcap-orig
[ -f /etc/postfix/master.cf.mailcap-orig ] || cp /etc/postfix/master.cf /etc/postfix/master.cf.mailcap-orig
echo mail.example.test > /etc/mailname
# IPv6 (for XCLIENT with IPv6 client addresses) only if the loopback has ::1
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then INET_PROTOCOLS=all; else INET_PROTOCOLS=ipv4; fi

cat > /etc/postfix/main.cf <<EOF
# mailsight capture configuration (generated by scripts/capture/postfix.sh)
compatibility_level = 3.6
myhostname = mail.example.test
mydomain = example.test
myorigin = \$myhostname
mydestination = \$myhostname, localhost.\$mydomain, localhost, both.example.test
inet_interfaces = loopback-only
inet_protocols = @INET_PROTOCOLS@
mynetworks = 127.0.0.1/32
biff = no
append_dot_mydomain = no
readme_directory = no
smtpd_banner = \$myhostname ESMTP \$mail_name (Debian/GNU)
alias_maps = hash:/etc/aliases
alias_database = hash:/etc/aliases
mailbox_size_limit = 0
recipient_delimiter = +
message_size_limit = 204800
header_checks = pcre:$ETC/header_checks.pcre
body_checks = pcre:$ETC/body_checks.pcre

virtual_mailbox_domains = virtual.example.test, lmtp.example.test
virtual_mailbox_maps = hash:$ETC/vmailbox
virtual_mailbox_base = /var/vmail-postfix
virtual_uid_maps = static:5000
virtual_gid_maps = static:5000
virtual_alias_domains = alias.example.test, both.example.test
virtual_alias_maps = hash:$ETC/valias
relay_domains = sink.example.test, dead.example.test, late.example.test, pipe.example.test, error.example.test, discard.example.test, retry.example.test, secure.example.test, tlsreq.example.test, authfail.example.test, hangup.example.test, refuse.example.test, loop.example.test, verify.example.test, slow.example.test, relay.example.test
transport_maps = hash:$ETC/transport
fast_flush_domains = \$relay_domains
slowpipe_destination_recipient_limit = 1
slowpipe_time_limit = 8s
catpipe_destination_recipient_limit = 1

# queue timing: small so that delays, warnings and expiry happen within minutes
queue_run_delay = 20s
minimal_backoff_time = 15s
maximal_backoff_time = 30s
maximal_queue_lifetime = 3m
bounce_queue_lifetime = 3m
delay_warning_time = 1m
confirm_delay_cleared = yes
anvil_status_update_time = 60s
smtp_connection_cache_destinations = sink.example.test

# TLS
smtpd_tls_cert_file = $ETC/cert.pem
smtpd_tls_key_file = $ETC/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_session_cache_database = btree:\${data_directory}/smtpd_scache
smtp_tls_security_level = may
smtp_tls_loglevel = 1
smtp_tls_session_cache_database = btree:\${data_directory}/smtp_scache
smtp_tls_policy_maps = hash:$ETC/tls_policy

# SASL: server via dovecot, client via cyrus to the loopback sink
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = no
smtpd_sasl_security_options = noanonymous
smtpd_sasl_authenticated_header = yes
broken_sasl_auth_clients = yes
smtpd_sender_login_maps = hash:$ETC/sender_login
smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = hash:$ETC/sasl_passwd
smtp_sasl_security_options = noanonymous
smtp_sasl_tls_security_options = noanonymous

# smtpd restrictions
smtpd_helo_required = yes
disable_vrfy_command = yes
smtpd_hard_error_limit = 5
smtpd_soft_error_limit = 3
smtpd_timeout = 10s
smtpd_authorized_xclient_hosts = 127.0.0.1
smtpd_client_restrictions = permit_mynetworks, check_client_access cidr:$ETC/client_access.cidr, warn_if_reject reject_unknown_client_hostname
smtpd_helo_restrictions = permit_mynetworks, check_helo_access pcre:$ETC/helo_access.pcre, reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname
smtpd_sender_restrictions = check_sender_access hash:$ETC/sender_access, permit_mynetworks, reject_non_fqdn_sender, reject_unknown_sender_domain, reject_rhsbl_sender rhsbl.example.test
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access hash:$ETC/recipient_access, permit_mynetworks, reject_non_fqdn_recipient, reject_rbl_client dnsbl.example.test
smtpd_data_restrictions = reject_unauth_pipelining
milter_default_action = accept
smtpd_milters = @MILTERS@
non_smtpd_milters = @MILTERS@
milter_protocol = 6

# postscreen (port 25)
postscreen_access_list = permit_mynetworks, cidr:$ETC/postscreen_access.cidr
postscreen_denylist_action = enforce
postscreen_greet_wait = 2s
postscreen_greet_action = enforce
postscreen_dnsbl_sites = dnsbl.example.test=127.0.0.2*2, dnsbl2.example.test*1
postscreen_dnsbl_threshold = 2
postscreen_dnsbl_action = enforce
postscreen_pipelining_enable = yes
postscreen_pipelining_action = enforce
postscreen_non_smtp_command_enable = yes
postscreen_non_smtp_command_action = drop
postscreen_bare_newline_enable = yes
postscreen_bare_newline_action = enforce
postscreen_command_time_limit = 5s
postscreen_command_count_limit = 8
postscreen_cache_map = btree:\$data_directory/postscreen_cache
EOF

sed -i "s/@INET_PROTOCOLS@/$INET_PROTOCOLS/" /etc/postfix/main.cf
# master.cf: Debian default services, no chroot, plus our services
sed -e '/^[a-z]/s/^\(\S\+\s\+\S\+\s\+\S\+\s\+\S\+\s\+\)y\(\s\)/\1n\2/' /etc/postfix/master.cf.mailcap-orig \
  | grep -v '^smtp\s\+inet' > /etc/postfix/master.cf
cat >> /etc/postfix/master.cf <<EOF
# ---- mailsight capture services
smtp      inet  n       -       n       -       1       postscreen
smtpd     pass  -       -       n       -       -       smtpd
dnsblog   unix  -       -       n       -       0       dnsblog
tlsproxy  unix  -       -       n       -       0       tlsproxy
submission inet n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=
  -o smtpd_helo_restrictions=
  -o smtpd_sender_restrictions=reject_sender_login_mismatch
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=
  -o milter_macro_daemon_name=ORIGINATING
smtps     inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_ask_ccert=yes
  -o smtpd_client_restrictions=
  -o smtpd_helo_restrictions=
  -o smtpd_sender_restrictions=reject_sender_login_mismatch
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=
  -o milter_macro_daemon_name=ORIGINATING
127.0.0.1:10026 inet n  -       n       -       -       smtpd
  -o syslog_name=postfix/miltertest
  -o smtpd_milters=unix:/run/mailcap/no-such-milter.sock
  -o milter_default_action=tempfail
127.0.0.1:10027 inet n  -       n       -       -       smtpd
  -o syslog_name=postfix/ratetest
  -o smtpd_client_connection_rate_limit=4
  -o smtpd_client_message_rate_limit=2
  -o smtpd_client_recipient_rate_limit=5
  -o smtpd_client_event_limit_exceptions=
127.0.0.1:10028 inet n  -       n       -       -       smtpd
  -o syslog_name=postfix/maptest
  -o smtpd_sender_restrictions=check_sender_access,hash:$ETC/no-such-map
catpipe   unix  -       n       n       -       -       pipe
  flags=Rq user=nobody argv=/bin/dd of=/dev/null status=none
slowpipe  unix  -       n       n       -       1       pipe
  flags=q user=nobody argv=/bin/sleep 30
EOF

# maps
cat > $ETC/vmailbox <<EOF
carol@virtual.example.test   virtual.example.test/carol/
dan@virtual.example.test     virtual.example.test/dan
dave@lmtp.example.test       lmtp
erin@lmtp.example.test       lmtp
ghost@lmtp.example.test      lmtp
EOF
cat > $ETC/valias <<EOF
info@alias.example.test      alice@mail.example.test, carol@virtual.example.test
sales@alias.example.test     dave@lmtp.example.test
ext@alias.example.test       someone@sink.example.test
x@both.example.test          alice
EOF
cat > $ETC/transport <<EOF
lmtp.example.test      lmtp:unix:private/dovecot-lmtp
pipe.example.test      catpipe:
error.example.test     error:5.2.1 mailbox disabled for this domain
discard.example.test   discard:silently discarded by transport
retry.example.test     retry:4.3.2 service temporarily unavailable
dead.example.test      smtp:[127.0.0.1]:2599
late.example.test      smtp:[127.0.0.1]:2598
sink.example.test      smtp:[127.0.0.1]:2525
verify.example.test    smtp:[127.0.0.1]:2525
relay.example.test     relay:[127.0.0.1]:2525
secure.example.test    smtp:[127.0.0.1]:2526
tlsreq.example.test    smtp:[127.0.0.1]:2527
authfail.example.test  smtp:[127.0.0.1]:2528
hangup.example.test    smtp:[127.0.0.1]:2529
refuse.example.test    smtp:[127.0.0.1]:2530
loop.example.test      smtp:[127.0.0.1]:25
slow.example.test      slowpipe:
EOF
cat > $ETC/tls_policy <<EOF
[127.0.0.1]:2526   secure match=sink.example.test
[127.0.0.1]:2527   encrypt
EOF
cat > $ETC/sasl_passwd <<EOF
[127.0.0.1]:2525   relayuser:relaypass
[127.0.0.1]:2528   relayuser:wrongpass
EOF
chmod 600 $ETC/sasl_passwd
cat > $ETC/sender_login <<EOF
alice@example.test   alice@example.test
bob@example.test     bob@example.test
EOF
cat > $ETC/sender_access <<EOF
spammer@remote.test    REJECT sender blacklisted by local policy
hold@remote.test       HOLD sender hold test
discard@remote.test    DISCARD sender discard test
redirect@remote.test   REDIRECT alice@mail.example.test
filter@remote.test     FILTER catpipe:dummy
warn@remote.test       WARN sender warn test
prepend@remote.test    PREPEND X-Sender-Tag: prepended by access map
info@remote.test       INFO sender info test
defer@remote.test      DEFER_IF_PERMIT sender temporarily deferred
EOF
cat > $ETC/recipient_access <<EOF
hold@sink.example.test       HOLD recipient hold test
discardme@sink.example.test  DISCARD recipient discard test
redirect@sink.example.test   REDIRECT bob@mail.example.test
filter@sink.example.test     FILTER catpipe:
blocked@sink.example.test    REJECT recipient blocked by policy
verify.example.test          reject_unverified_recipient
EOF
cat > $ETC/client_access.cidr <<EOF
127.0.0.8/32    DEFER_IF_PERMIT Greylisted, please try again later
127.0.0.9/32    REJECT Client blacklisted by local policy
127.0.0.10/32   450 4.7.1 Temporarily blocked, come back later
127.0.0.11/32   HOLD client hold test
EOF
cat > $ETC/postscreen_access.cidr <<EOF
127.0.0.20/32   permit
127.0.0.21/32   reject
EOF
cat > $ETC/helo_access.pcre <<'EOF'
/^mail\.example\.test$/      REJECT You are not me
/^\[?127\.0\.0\.1\]?$/        REJECT Do not use my IP address
/(^|\.)friendly\.test$/       OK
EOF
cat > $ETC/header_checks.pcre <<'EOF'
/^Subject:.*hc-warn/        WARN header warn test
/^Subject:.*hc-reject/      REJECT header reject test
/^Subject:.*hc-hold/        HOLD header hold test
/^Subject:.*hc-discard/     DISCARD header discard test
/^Subject:.*hc-redirect/    REDIRECT bob@mail.example.test
/^Subject:.*hc-filter/      FILTER catpipe:dummy
/^Subject:.*hc-prepend/     PREPEND X-Checked: prepended by header_checks
/^Subject:.*hc-info/        INFO header info test
/^Subject:.*hc-replace/     REPLACE Subject: replaced by header_checks
/^Subject:.*hc-bcc/         BCC bob@mail.example.test
/^Subject:.*hc-ignore/      IGNORE
/^X-Mailer:.*EvilMailer/    REJECT bad mailer
EOF
cat > $ETC/body_checks.pcre <<'EOF'
/body-reject-marker/        REJECT body reject test
/body-warn-marker/          WARN body warn test
/body-discard-marker/       DISCARD body discard test
/body-hold-marker/          HOLD body hold test
/body-info-marker/          INFO body info test
EOF
printf 'alice\nbob\n' > $ETC/list.inc
cat > /etc/aliases <<EOF
postmaster: root
mailer-daemon: postmaster
root: alice
abuse: alice, bob
devnull: /dev/null
cmdalias: "|/bin/cat >/dev/null"
filealias: /var/tmp/mailcap-filealias.mbox
listalias: :include:$ETC/list.inc
fwdremote: someone@sink.example.test
EOF
touch /var/tmp/mailcap-filealias.mbox; chown nobody /var/tmp/mailcap-filealias.mbox
# a map with a duplicate key -> postmap warning
printf 'dup@example.test OK\ndup@example.test REJECT\n' > $ETC/duplicates
for m in vmailbox valias transport tls_policy sasl_passwd sender_login sender_access recipient_access; do postmap $ETC/$m; done
newaliases
rm -f /var/lib/postfix/postscreen_cache.db /var/lib/postfix/verify_cache.db /var/lib/postfix/*scache.db
[ -d /var/spool/postfix/hold ] && postsuper -d ALL >/dev/null 2>&1

# ---------------------------------------------------------------- helpers
SWAKS_BASE=(swaks --server 127.0.0.1 --timeout 20 --suppress-data)
sw() { # sw [swaks args...]
  echo "### swaks $*" >> $TRANSCRIPT
  local helo=(--ehlo mua.example.test); case " $* " in *" --ehlo "*) helo=();; esac
  "${SWAKS_BASE[@]}" "${helo[@]}" "$@" >> $TRANSCRIPT 2>&1
}
# untrusted client from a 127.0.0.x address (mynetworks is 127.0.0.1/32 only)
usw() { local ip=$1; shift; sw --local-interface "$ip" --port 25 "$@"; }
raw() { echo "### raw $*" >> $TRANSCRIPT; python3 "$HERE/rawsmtp.py" "$@" >> $TRANSCRIPT 2>&1; echo >> $TRANSCRIPT; }
# postscreen deep protocol tests: first session of a new client is turned away with 450 after
# the tests pass (PASS NEW), the next one goes to smtpd (PASS OLD).
ps_pass() { usw "$1" --ehlo "client.remote.test" -f probe@remote.test -t alice@mail.example.test; }
smail() { # smail FROM RCPT... (stdin: message)
  local from=$1; shift; echo "### sendmail -f $from $*" >> $TRANSCRIPT
  sendmail -f "$from" "$@" >> $TRANSCRIPT 2>&1
}
qids_for() { mailq 2>/dev/null | awk -v pat="$1" '/^[0-9A-F]/{q=$1} $0 ~ pat {gsub(/[*!]/,"",q); print q}' | sort -u; }
wait_queue() { # wait until no message is active (max $1 s)
  local i; for i in $(seq 1 "${1:-30}"); do
    [ -z "$(find /var/spool/postfix/active /var/spool/postfix/incoming /var/spool/postfix/maildrop -type f 2>/dev/null | head -1)" ] && return 0
    sleep 1; done; return 1; }
start_sink() {
  SINK_SAVE_DIR=$LOGD/sink-save python3 "$HERE/sink.py" $ETC/cert.pem $ETC/key.pem 2525=normal 2526=normal 2527=notls 2528=authfail 2529=hangup 2530=refuse \
     >>$LOGD/sink.log 2>&1 & echo $! > $RUN/sink.pid
}
milters_on() {
  if opendkim -x $CAP/opendkim.conf 2>>$LOGD/opendkim.err && sleep 1 && [ -s $RUN/opendkim.pid ]; then
    sed -i 's|@MILTERS@|inet:127.0.0.1:8891|' /etc/postfix/main.cf
  else
    log "opendkim did not start; no DKIM milter"; sed -i 's|@MILTERS@||' /etc/postfix/main.cf
  fi
}

# attack.sh sources this file for the setup and the helpers above, then drives its own traffic
if [ "${MAILCAP_SETUP_ONLY:-0}" = 1 ]; then return 0; fi

# ================================================================ traffic
traffic_basic() {  # deliveries of every kind (used by both passes)
  log "traffic: deliveries"
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: plain local delivery"
  sw -t bob@mail.example.test -f sender@remote.test --header "Subject: to bob with .forward"
  sw -t postmaster@mail.example.test,abuse@mail.example.test -f sender@remote.test --header "Subject: aliases"
  sw -t cmdalias@mail.example.test,filealias@mail.example.test,devnull@mail.example.test,listalias@mail.example.test -f sender@remote.test --header "Subject: command, file and include aliases"
  sw -t fwdremote@mail.example.test -f sender@remote.test --header "Subject: forwarded to remote"
  sw -t carol@virtual.example.test,dan@virtual.example.test -f sender@remote.test --header "Subject: virtual mailboxes"
  sw -t info@alias.example.test,sales@alias.example.test,ext@alias.example.test -f sender@remote.test --header "Subject: virtual aliases"
  sw -t x@both.example.test -f sender@remote.test --header "Subject: domain listed twice"
  sw -t dave@lmtp.example.test,erin@lmtp.example.test,ghost@lmtp.example.test -f sender@remote.test --header "Subject: lmtp to dovecot"
  sw -t anyone@pipe.example.test -f sender@remote.test --header "Subject: pipe transport"
  sw -t anyone@error.example.test -f sender@remote.test --header "Subject: error transport"
  sw -t anyone@discard.example.test -f sender@remote.test --header "Subject: discard transport"
  sw -t anyone@retry.example.test -f sender@remote.test --header "Subject: retry transport"
  sw -t ok1@sink.example.test,ok2@sink.example.test,reject1@sink.example.test -f sender@remote.test --header "Subject: remote sink mixed"
  sw -t bigreject@sink.example.test -f sender@remote.test --header "Subject: rejected at end of data"
  sw -t someone@relay.example.test -f sender@remote.test --header "Subject: relay transport"
  for i in 1 2 3; do sw -t "bulk$i@sink.example.test" -f sender@remote.test --header "Subject: connection cache $i"; done
  sw -t anyone@loop.example.test -f sender@remote.test --header "Subject: mail loop"
  printf 'From: alice@mail.example.test\nTo: bob@mail.example.test\nSubject: local submission without message-id\n\nhello bob\n' | smail alice@mail.example.test bob@mail.example.test
  printf 'From: alice@mail.example.test\nTo: nosuchuser@mail.example.test\nSubject: to unknown local user\n\nbounce me\n' | smail alice@mail.example.test nosuchuser@mail.example.test
  printf 'Resent-From: alice@mail.example.test\nResent-Message-ID: <resent-1@mail.example.test>\nMessage-ID: <orig-1@remote.test>\nFrom: sender@remote.test\nSubject: resent\n\nresent body\n' | smail alice@mail.example.test bob@mail.example.test
  printf 'Subject: error and retry transports\n\nx\n' | smail alice@mail.example.test anyone@error.example.test anyone@retry.example.test
  printf 'Subject: success dsn\n\nplease confirm\n' | sendmail -N success,delay -f alice@mail.example.test bob@mail.example.test ok3@sink.example.test
  printf 'Subject: verify\n\n' | sendmail -bv -f alice@mail.example.test alice@mail.example.test nosuchuser2@mail.example.test carol@virtual.example.test >> $TRANSCRIPT 2>&1
  printf 'Subject: trace\n\ntrace me\n' | sendmail -v -f alice@mail.example.test bob@mail.example.test >> $TRANSCRIPT 2>&1
  sw -t alice@mail.example.test -f "" --header "Subject: null sender"
  # XCLIENT lets the trusted client impersonate other (documentation-range, IPv6) clients: log text only
  sw --ehlo mx1.example.net --xclient "NAME=mx1.example.net ADDR=198.51.100.23 HELO=mx1.example.net PROTO=ESMTP" -t alice@mail.example.test -f news@remote.test --header "Subject: xclient v4"
  sw --ehlo '[IPv6:2001:db8::25]' --xclient "NAME=[UNAVAILABLE] ADDR=IPV6:2001:db8::25 HELO=[IPv6:2001:db8::25] PROTO=ESMTP" -t carol@virtual.example.test -f news@remote.test --header "Subject: xclient v6"
  sw --ehlo v6.example.net --xclient "NAME=[UNAVAILABLE] ADDR=IPV6:2001:db8::26 HELO=v6.example.net" -t victim@elsewhere.test -f news@remote.test
  sleep 3; wait_queue 30
}

traffic_tls_sasl() {
  log "traffic: submission, smtps, TLS"
  sw -p 25 -tls -t alice@mail.example.test -f sender@remote.test --header "Subject: starttls on 25"
  sw -p 587 -tls -a PLAIN -au alice@example.test -ap alicepw -f alice@example.test -t ok4@sink.example.test,bob@mail.example.test --header "Subject: authenticated submission"
  sw -p 587 -tls -a LOGIN -au bob@example.test -ap bobpw -f bob@example.test -t ok5@sink.example.test --header "Subject: authenticated submission login"
  sw -p 587 -tls -a PLAIN -au alice@example.test -ap wrongpw -f alice@example.test -t ok6@sink.example.test
  sw -p 587 -tls -a LOGIN -au nobody@example.test -ap wrongpw -f alice@example.test -t ok6@sink.example.test
  sw -p 587 -tls -a PLAIN -au alice@example.test -ap alicepw -f bob@example.test -t ok7@sink.example.test
  sw -p 587 -tls -f alice@example.test -t ok8@sink.example.test
  sw -p 587 -f alice@example.test -t ok8@sink.example.test
  sw -p 465 --tls-on-connect -a PLAIN -au alice@example.test -ap alicepw -f alice@example.test -t ok9@sink.example.test --header "Subject: smtps"
  sw -p 465 --tls-on-connect --tls-cert $ETC/cert.pem --tls-key $ETC/key.pem -a LOGIN -au bob@example.test -ap bobpw -f bob@example.test -t erin@lmtp.example.test --header "Subject: smtps with client cert"
  # raw protocol: AUTH + MAIL FROM ... AUTH=<...> (sasl_sender)
  raw 127.0.0.1 587 G S:'EHLO raw.example.test\r\n' R S:'STARTTLS\r\n' R T S:'EHLO raw.example.test\r\n' R \
      S:"AUTH PLAIN $(printf '\0alice@example.test\0alicepw' | base64)\r\n" R \
      S:'MAIL FROM:<alice@example.test> AUTH=<alice@example.test>\r\n' R S:'RCPT TO:<ok10@sink.example.test>\r\n' R \
      S:'DATA\r\n' R S:'Subject: sasl sender\r\n\r\nbody\r\n.\r\n' R S:'QUIT\r\n' R
  # TLS failures
  raw 127.0.0.1 25 G S:'EHLO tlsfail.example.test\r\n' R S:'STARTTLS\r\n' R S:'this is not a TLS client hello\r\n' R
  raw 127.0.0.1 465 S:'EHLO plaintext.example.test\r\n' R
  raw 127.0.0.1 587 G S:'EHLO tlsdrop.example.test\r\n' R S:'STARTTLS\r\n' R X
  sw -p 25 -tls --tls-protocol tlsv1 -t alice@mail.example.test -f sender@remote.test
  sw -p 25 -tls --tls-cipher 'NULL' -t alice@mail.example.test -f sender@remote.test
  sleep 2
}

traffic_remote_failures() {  # messages that stay deferred a while
  log "traffic: deferred remote deliveries"
  for i in 1 2 3; do sw -t "user$i@dead.example.test" -f alice@mail.example.test --header "Subject: dead destination $i"; done
  sw -t user@late.example.test -f alice@mail.example.test --header "Subject: late destination"
  sw -t tempfail1@sink.example.test -f alice@mail.example.test --header "Subject: remote 450"
  sw -t anyone@secure.example.test -f alice@mail.example.test --header "Subject: tls verify failure"
  sw -t anyone@tlsreq.example.test -f alice@mail.example.test --header "Subject: tls required"
  sw -t anyone@authfail.example.test -f alice@mail.example.test --header "Subject: client sasl failure"
  sw -t anyone@hangup.example.test -f alice@mail.example.test --header "Subject: hangup at greeting"
  sw -t anyone@refuse.example.test -f alice@mail.example.test --header "Subject: refused greeting"
  sw -t slow@slow.example.test -f alice@mail.example.test --header "Subject: slow pipe"
}

traffic_postscreen() {
  log "traffic: postscreen"
  usw 127.0.0.20 -t alice@mail.example.test -f friend@remote.test --ehlo friend.remote.test --header "Subject: allowlisted client"
  usw 127.0.0.21 -t alice@mail.example.test -f foe@remote.test --ehlo foe.remote.test
  usw 127.0.0.66 -t alice@mail.example.test -f spam@remote.test --ehlo dnsbl.remote.test
  raw 127.0.0.30 25 S:'EHLO pregreet.example.test\r\n' W:3 R S:'QUIT\r\n' R
  raw 127.0.0.31 25 W:0.5
  raw 127.0.0.32 25 G S:'EHLO pipeliner.example.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@mail.example.test>\r\n' R R S:'QUIT\r\n' R
  raw 127.0.0.33 25 G S:'GET / HTTP/1.0\r\n' R S:'Host: mail.example.test\r\n\r\n' R
  raw 127.0.0.34 25 G S:'EHLO barenewline.example.test\n' R S:'MAIL FROM:<a@remote.test>\n' R S:'RCPT TO:<alice@mail.example.test>\n' R S:'QUIT\r\n' R
  raw 127.0.0.35 25 G S:'EHLO slowpoke.example.test\r\n' R W:7 R
  raw 127.0.0.36 25 G S:'EHLO chatty.example.test\r\n' R $(for i in $(seq 1 10); do echo S:'NOOP\r\n' R; done) S:'QUIT\r\n' R
  raw 127.0.0.38 25 G S:"EHLO $(head -c 3000 /dev/zero | tr '\0' a)\r\n" R
  raw 127.0.0.39 25 G S:'EHLO quitter.example.test\r\n' R S:'QUIT\r\n' R
  # tlsproxy: STARTTLS while postscreen is still running its deep tests
  usw 127.0.0.37 -tls -t alice@mail.example.test -f tls@remote.test --ehlo tls.remote.test
  usw 127.0.0.37 -tls -t alice@mail.example.test -f tls@remote.test --ehlo tls.remote.test --header "Subject: after tlsproxy pass"
}

traffic_smtpd_rejects() {
  log "traffic: smtpd restrictions (untrusted clients)"
  for ip in 127.0.0.5 127.0.0.7 127.0.0.8 127.0.0.9 127.0.0.10 127.0.0.11 127.0.0.67; do ps_pass $ip; done
  U=127.0.0.5
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test --header "Subject: untrusted but fine"
  usw $U --ehlo client5.remote.test -t victim@elsewhere.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t nosuch@mail.example.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t nosuch@virtual.example.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t nosuch@alias.example.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f someone@nxdomain.invalid
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f someone@spamdomain.test
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f localpart
  usw $U --ehlo client5.remote.test -t alice -f sender@remote.test
  usw $U --ehlo localhostx -t alice@mail.example.test -f sender@remote.test
  usw $U --ehlo 'bad..host!name' -t alice@mail.example.test -f sender@remote.test
  usw $U --ehlo mail.example.test -t alice@mail.example.test -f sender@remote.test
  usw $U --ehlo '[127.0.0.1]' -t alice@mail.example.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f spammer@remote.test
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f defer@remote.test
  for s in hold discard redirect filter warn prepend info; do
    usw $U --ehlo client5.remote.test -t bob@mail.example.test -f "$s@remote.test" --header "Subject: sender access $s"
  done
  for r in hold discardme redirect filter blocked; do
    usw $U --ehlo client5.remote.test -t "$r@sink.example.test" -f sender@remote.test --header "Subject: recipient access $r"
  done
  usw $U --ehlo client5.remote.test -t good@verify.example.test -f sender@remote.test --header "Subject: verify pending"
  usw $U --ehlo client5.remote.test -t rejectme@verify.example.test -f sender@remote.test
  sleep 4
  usw $U --ehlo client5.remote.test -t good@verify.example.test -f sender@remote.test --header "Subject: verified"
  usw $U --ehlo client5.remote.test -t rejectme@verify.example.test -f sender@remote.test
  usw 127.0.0.7 --ehlo fake.example.test -t alice@mail.example.test -f sender@remote.test --header "Subject: bad rdns"
  usw 127.0.0.8 --ehlo grey.remote.test -t alice@mail.example.test -f sender@remote.test
  usw 127.0.0.9 --ehlo black.remote.test -t alice@mail.example.test -f sender@remote.test
  usw 127.0.0.10 --ehlo four50.remote.test -t alice@mail.example.test -f sender@remote.test
  usw 127.0.0.11 --ehlo held.remote.test -t alice@mail.example.test -f sender@remote.test --header "Subject: client hold"
  usw 127.0.0.67 --ehlo rbl.remote.test -t alice@mail.example.test -f sender@remote.test
  # oversize: declared SIZE and actual size
  raw $U 25 G S:'EHLO big.remote.test\r\n' R S:'MAIL FROM:<big@remote.test> SIZE=999999\r\n' R S:'QUIT\r\n' R
  head -c 300000 /dev/urandom | base64 > $RUN/big.txt
  usw $U --ehlo big.remote.test -t alice@mail.example.test -f big@remote.test --body $RUN/big.txt
  # protocol errors, lost connections, timeouts, pipelining
  raw $U 25 G S:'EHLO errors.remote.test\r\n' R $(for i in 1 2 3 4 5 6; do echo S:"BOGUS$i\r\n" R; done)
  raw $U 25 G S:'EHLO early.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\n' R X
  raw $U 25 G S:'EHLO early.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\n' R S:'RCPT TO:<alice@mail.example.test>\r\n' R S:'DATA\r\n' R S:'Subject: cut\r\n\r\npartial' X
  raw $U 25 G X
  raw $U 25 G S:'HELO pipe.remote.test\r\nMAIL FROM:<x@remote.test>\r\n' R R S:'QUIT\r\n' R
  raw $U 25 G S:'EHLO pipe2.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@mail.example.test>\r\nDATA\r\nSubject: pipelined\r\n\r\nbody\r\n.\r\n' R R S:'QUIT\r\n' R
  raw $U 25 G S:'EHLO vrfy.remote.test\r\n' R S:'VRFY alice\r\n' R S:'ETRN dead.example.test\r\n' R S:'QUIT\r\n' R
  sw -p 25 --drop-after RCPT -t alice@mail.example.test -f sender@remote.test
  sw -p 25 --drop-after DATA -t alice@mail.example.test -f sender@remote.test
  sw -p 25 --drop-after DOT -t alice@mail.example.test -f sender@remote.test --header "Subject: dropped after dot"
  raw $U 25 G S:'EHLO sleepy.remote.test\r\n' R RW:14 & local p1=$!
  raw 127.0.0.1 25 G S:'EHLO sleepy2.example.test\r\n' R S:'MAIL FROM:<a@remote.test>\r\n' R RW:14 & local p2=$!
  wait $p1 $p2
}

traffic_checks() {
  log "traffic: header/body checks, milters, rate limits"
  for k in hc-warn hc-reject hc-hold hc-discard hc-redirect hc-filter hc-prepend hc-info hc-replace hc-bcc hc-ignore; do
    sw -t alice@mail.example.test -f sender@remote.test --header "Subject: $k test"
  done
  sw -t alice@mail.example.test -f sender@remote.test --header "X-Mailer: EvilMailer 1.0" --header "Subject: x-mailer"
  for k in body-reject-marker body-warn-marker body-discard-marker body-hold-marker body-info-marker; do
    sw -t alice@mail.example.test -f sender@remote.test --header "Subject: $k" --body "this body has $k inside"
  done
  printf 'From: alice@mail.example.test\nSubject: hc-warn via sendmail\n\nbody-warn-marker\n' | smail alice@mail.example.test bob@mail.example.test
  usw 127.0.0.5 --ehlo client5.remote.test -t alice@mail.example.test -f news@remote.test --header "Subject: hc-warn from untrusted"
  # DKIM milter: opendkim signs a message from 127.0.0.1; it is then replayed from an
  # external client with a tampered body (bad signature -> reject), with an unknown
  # selector (key not found -> quarantine = HOLD), and unchanged (verifies, accepted)
  rm -f $LOGD/sink-save/savedkim@sink.example.test.eml
  sw -t savedkim@sink.example.test -f dkim@mail.example.test --header "Subject: dkim signed" --body "signed body"
  local i; for i in $(seq 1 10); do [ -s $LOGD/sink-save/savedkim@sink.example.test.eml ] && break; sleep 1; done
  if grep -q '^DKIM-Signature:' $LOGD/sink-save/savedkim@sink.example.test.eml 2>/dev/null; then
    tr -d '\r' < $LOGD/sink-save/savedkim@sink.example.test.eml > $RUN/dkim-good.eml
    sed 's/\([[:space:];]\)s=test;/\1s=nokey;/' $RUN/dkim-good.eml > $RUN/dkim-nokey.eml
    { cat $RUN/dkim-good.eml; echo "tampered line"; } > $RUN/dkim-tampered.eml
    for v in good tampered nokey; do
      usw 127.0.0.5 --ehlo client5.remote.test -t alice@mail.example.test -f dkim@mail.example.test --data @$RUN/dkim-$v.eml
    done
  else
    log "no DKIM-signed copy captured; skipping DKIM verification tests"
  fi
  sw -p 10026 -t alice@mail.example.test -f sender@remote.test --header "Subject: missing milter"
  sw -p 10028 -t alice@mail.example.test -f sender@remote.test --header "Subject: missing map"
  for i in 1 2 3 4 5 6; do
    sw -p 10027 --local-interface 127.0.0.12 -t "alice@mail.example.test,bob@mail.example.test,carol@virtual.example.test" -f "rate$i@mail.example.test" --header "Subject: rate $i"
  done
  sleep 3
}

traffic_queue_ops() {
  log "traffic: postsuper / postqueue / sendmail errors / postmap"
  wait_queue 20
  postmap $ETC/duplicates >> $TRANSCRIPT 2>&1
  postmap -q x hash:$ETC/no-such-map >> $TRANSCRIPT 2>&1
  postfix check >> $TRANSCRIPT 2>&1
  sendmail -bX >> $TRANSCRIPT 2>&1 </dev/null
  printf 'Subject: bad\n\nx\n' | sendmail -f alice@mail.example.test 'bad<address' >> $TRANSCRIPT 2>&1
  postqueue -p > $LOGD/mailq-before-ops.txt 2>&1
  local q
  q=$(qids_for 'user1@dead.example.test' | head -1)
  if [ -n "$q" ]; then postsuper -h "$q"; sleep 1; postsuper -H "$q"; sleep 1; postsuper -r "$q"; fi
  q=$(qids_for 'user2@dead.example.test' | head -1)
  [ -n "$q" ] && postsuper -d "$q"
  postsuper -h ALL deferred; sleep 1; postsuper -H ALL
  qids_for 'tempfail1@sink.example.test|anyone@authfail.example.test' | postsuper -r -
  # message under delivery (slow pipe) -> requeue/delete while active
  sw -t slow2@slow.example.test -f alice@mail.example.test --header "Subject: slow pipe 2"
  sleep 2
  q=$(qids_for 'slow2@slow.example.test' | head -1)
  [ -n "$q" ] && { postsuper -r "$q"; postsuper -h "$q"; }
  postqueue -f
  postqueue -s dead.example.test >> $TRANSCRIPT 2>&1
  postfix flush
  sleep 2
  postfix reload
  sleep 2
  log "postfix stop / sendmail while stopped / start"
  postfix stop; sleep 2
  printf 'Subject: queued while postfix was down\n\npostdrop\n' | smail alice@mail.example.test bob@mail.example.test
  postqueue -f >> $TRANSCRIPT 2>&1
  postfix start; sleep 3
}

# ================================================================ pass 1: syslog
log "starting daemons (pass 1: syslog)"
# a fresh system has no Postfix queue yet: Dovecot's listeners live in its private/ directory
[ -d /var/spool/postfix/private ] || { postfix check >/dev/null 2>&1; install -d -o postfix -g root -m 700 /var/spool/postfix/private; }
dovecot -c $CAP/dovecot.conf || log "dovecot failed to start"
start_sink
milters_on
postfix check >> $TRANSCRIPT 2>&1
postfix start
sleep 3
T0=$(date +%s)
traffic_remote_failures
traffic_basic
traffic_tls_sasl
traffic_postscreen
log "respectful_logging=no (old WHITELISTED/BLACKLISTED wording)"
postconf -e respectful_logging=no; postfix reload; sleep 2
usw 127.0.0.20 -t alice@mail.example.test -f friend@remote.test --ehlo friend.remote.test --header "Subject: whitelisted client"
usw 127.0.0.21 -t alice@mail.example.test -f foe@remote.test --ehlo foe.remote.test
postconf -e respectful_logging=yes; postfix reload; sleep 2
traffic_smtpd_rejects
traffic_checks
traffic_queue_ops
# Dovecot logins (separate corpus)
python3 - <<'EOF' >> $TRANSCRIPT 2>&1
import imaplib, poplib
for u, p in (("alice@example.test", "alicepw"), ("dave@lmtp.example.test", "davepw"), ("alice@example.test", "wrong")):
    try:
        m = imaplib.IMAP4("127.0.0.1"); m.login(u, p); m.select("INBOX"); m.search(None, "ALL"); m.logout()
    except Exception as e: print("imap", u, e)
for u, p in (("erin@lmtp.example.test", "erinpw"), ("nobody@example.test", "x")):
    try:
        m = poplib.POP3("127.0.0.1"); m.user(u); m.pass_(p); m.stat(); m.quit()
    except Exception as e: print("pop3", u, e)
EOF
# Dovecot mailbox actions (mail_log on 2.4), PAM logins of system users, unknown users, a wrong password
python3 - <<'EOF' >> $TRANSCRIPT 2>&1
import imaplib
msg = b"From: Alice <alice@example.test>\r\nSubject: appended by the capture\r\nMessage-ID: <append-1@example.test>\r\n\r\nbody\r\n"
for u, p in (("alice", "alicesys"), ("bob", "wrongsys"), ("nosuchuser", "x"), ("bob@example.test", "bobpw")):
    try:
        m = imaplib.IMAP4("127.0.0.1"); m.login(u, p)
        m.create("Projects")
        m.append("INBOX", r"(\Seen)", None, msg)
        m.select("INBOX")
        m.store("1:*", "+FLAGS", r"(\Flagged)")
        m.copy("1", "Projects")
        m.store("1", "+FLAGS", r"(\Deleted)")
        m.store("1", "-FLAGS", r"(\Deleted)")
        m.store("1", "+FLAGS", r"(\Deleted)")
        m.expunge()
        m.rename("Projects", "Archive")
        m.delete("Archive")
        m.logout()
    except Exception as e: print("imap", u, e)
EOF
# late destination comes up -> delivered after a delay warning ("delay cleared")
if [ "$QUICK" != 1 ]; then
  log "waiting for delay warnings, then opening late.example.test"
  while [ $(( $(date +%s) - T0 )) -lt 100 ]; do sleep 5; done
  python3 "$HERE/sink.py" $ETC/cert.pem $ETC/key.pem 2598=normal >>$LOGD/sink.log 2>&1 & echo $! > $RUN/sink2.pid
  postqueue -f
  log "waiting for queue lifetime expiry (3m)"
  while [ $(( $(date +%s) - T0 )) -lt 200 ]; do sleep 5; done
  postqueue -f
  while [ $(( $(date +%s) - T0 )) -lt 240 ]; do sleep 5; done
  postqueue -f; sleep 10; wait_queue 30
fi
postqueue -p > $LOGD/mailq-end.txt 2>&1
postsuper -d ALL deferred
postsuper -d ALL
sleep 2
log "stopping postfix (anvil/scache statistics on exit)"
postfix stop
sleep 3
cp $LOGD/maillog $LOGD/maillog.iso "$OUT/" 2>/dev/null

# ================================================================ pass 2: postlogd (maillog_file)
log "pass 2: maillog_file=/var/log/postfix.log via postlogd"
postconf -e maillog_file=/var/log/postfix.log
rm -f /var/log/postfix.log /var/lib/postfix/postscreen_cache.db
postfix start; sleep 3
traffic_basic
traffic_tls_sasl
traffic_postscreen
ps_pass 127.0.0.5
usw 127.0.0.5 --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test
usw 127.0.0.5 --ehlo client5.remote.test -t victim@elsewhere.test -f sender@remote.test
usw 127.0.0.5 --ehlo localhostx -t alice@mail.example.test -f sender@remote.test
traffic_checks
sw -t user9@dead.example.test -f alice@mail.example.test --header "Subject: dead destination"
sleep 3
q=$(qids_for 'user9@dead.example.test' | head -1)
[ -n "$q" ] && { postsuper -h "$q"; postsuper -H "$q"; postsuper -r "$q"; }
postqueue -f; sleep 5
postsuper -d ALL
postfix reload; sleep 2
postfix stop; sleep 3
postconf -e maillog_file=

# ================================================================ collect
log "collecting"
sleep 1
kill "$(cat /run/dovecot/master.pid 2>/dev/null)" 2>/dev/null; sleep 1
cp /var/log/postfix.log "$OUT/postfix.log" 2>/dev/null
cp /var/log/dovecot.log "$OUT/dovecot.log" 2>/dev/null && chmod 644 "$OUT/dovecot.log"
# PAM's own lines for Dovecot logins (auth facility, rsyslog's other.log)
grep -h 'pam_unix(dovecot' $LOGD/other.log > "$OUT/dovecot-pam.log" 2>/dev/null; [ -s "$OUT/dovecot-pam.log" ] || rm -f "$OUT/dovecot-pam.log"
cp $TRANSCRIPT "$OUT/client-transcript.log" 2>/dev/null
PFLOG_CMD="pflogsumm --verbose-msg-detail --problems-first --smtpd-stats --rej-add-from --iso-date-time -e maillog"
{ echo "# generated by: $PFLOG_CMD"; (cd "$OUT" && $PFLOG_CMD) 2>&1; } > "$OUT/pflogsumm.txt"
stop_all
trap - EXIT
if [ -n "${SAMPLE_OUT:-}" ]; then mkdir -p "$(dirname "$SAMPLE_OUT")" && cp "$OUT/maillog" "$SAMPLE_OUT"; fi
cp /etc/postfix/main.cf /etc/postfix/master.cf $LOGD/ 2>/dev/null

log "summary"
wc -l "$OUT"/maillog "$OUT"/maillog.iso "$OUT"/postfix.log "$OUT"/dovecot.log "$OUT"/pflogsumm.txt
echo "--- programs in maillog"
awk '{print $5}' "$OUT/maillog" | sed -e 's/\[.*//' -e 's/:$//' | sort | uniq -c | sort -rn
