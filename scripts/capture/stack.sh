#!/usr/bin/env bash
# Capture a real log of the mail stack around Postfix (milters, policy servers, content filter) on Debian 12.
# Run as root on the host: stack.sh [OUTDIR]   (default scripts/capture/out-stack)
# It builds (once) a Debian 12 chroot at $CHROOT (debootstrap), installs the filters in it, and runs them in their
# own network namespace (unshare -n: only a loopback, so no port meets the host's daemons and no mail leaves).
# See README-stack.md next to this file.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHROOT="${CHROOT:-/work/chroots/stack}"
PKGS="postfix opendkim opendkim-tools opendmarc postfix-policyd-spf-python postgrey rspamd clamav-daemon
 clamav-milter amavisd-new spamassassin spamc swaks iproute2 procps rsyslog dnsmasq-base python3 pflogsumm
 libmail-dkim-perl spamd"
log() { printf '=== [%s] %s\n' "$(date -u +%T)" "$*" >&2; }

if [ "${STACK_INNER:-0}" != 1 ]; then
  # ------------------------------------------------------------ host side: chroot, namespace, copy out
  [ "$(id -u)" = 0 ] || { echo "stack.sh: must run as root (debootstrap, chroot, unshare)" >&2; exit 1; }
  OUT="${1:-$HERE/out-stack}"; mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
  if [ ! -x "$CHROOT/usr/sbin/postfix" ]; then
    log "debootstrap bookworm into $CHROOT"
    debootstrap --variant=minbase bookworm "$CHROOT" http://deb.debian.org/debian >&2 || exit 1
    echo 'deb http://deb.debian.org/debian bookworm main' > "$CHROOT/etc/apt/sources.list"
    printf '#!/bin/sh\nexit 101\n' > "$CHROOT/usr/sbin/policy-rc.d"; chmod +x "$CHROOT/usr/sbin/policy-rc.d"
    mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
    cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
    chroot "$CHROOT" /bin/sh -c "export DEBIAN_FRONTEND=noninteractive
      printf '%s\n' 'postfix postfix/main_mailer_type select Internet Site' \
        'postfix postfix/mailname string mail.example.test' | debconf-set-selections
      apt-get update -q && apt-get install -y -q $(echo $PKGS)" >&2 || exit 1
  fi
  mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
  cp "$HERE/stack.sh" "$HERE/dkimsign.pl" "$CHROOT/root/"
  rm -rf "$CHROOT/root/out"
  unshare -n /bin/sh -c "ip link set lo up && chroot $CHROOT /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    STACK_INNER=1 QUICK=${QUICK:-0} /bin/bash /root/stack.sh /root/out"
  rc=$?
  umount "$CHROOT/proc" 2>/dev/null
  cp "$CHROOT"/root/out/* "$OUT"/ && log "logs in $OUT"
  exit $rc
fi

# ================================================================ inside the chroot, in the namespace
OUT="$1"; mkdir -p "$OUT"
CAP=/etc/stackcap; LOGD=/var/log/stackcap; RUN=/run/stackcap
export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
rm -rf $LOGD $RUN; mkdir -p $CAP $LOGD $RUN /var/spool/rsyslog

pids=()
stop_all() {
  postfix stop >/dev/null 2>&1
  for pf in $RUN/*.pid /run/clamav/*.pid /run/amavis/amavisd.pid /run/rspamd/rspamd.pid; do
    [ -s "$pf" ] && kill "$(cat "$pf")" 2>/dev/null
  done
  sleep 2
}
trap stop_all EXIT

printf '127.0.0.1\tlocalhost mail.example.test mail\n' > /etc/hosts
echo mail.example.test > /etc/mailname
echo "nameserver 127.0.0.1" > /etc/resolv.conf
for u in bob carol; do id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"; done
# bob's mail also goes through spamc, so spamd judges it (the copy in his mailbox stays)
printf '\\bob, "|/usr/bin/spamc -c >/dev/null || true"\n' > ~bob/.forward; chown bob: ~bob/.forward

# ---------------------------------------------------------------- keys and DNS
log "keys and dnsmasq"
mkdir -p $CAP/dkim
[ -s $CAP/dkim/test.private ] || opendkim-genkey -b 1024 -D $CAP/dkim -d example.test -s test
chown opendkim: $CAP/dkim/test.private; chmod 600 $CAP/dkim/test.private
P="$(tr -d '\n\t' < $CAP/dkim/test.txt | sed -e 's/.*p=//' -e 's/".*//' -e 's/[" ]//g')"
cat > $CAP/dnsmasq.conf <<EOF
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
log-facility=$LOGD/dnsmasq.log
local=/test/
local=/127.in-addr.arpa/
host-record=mail.example.test,127.0.0.1
mx-host=example.test,mail.example.test,10
mx-host=mail.example.test,mail.example.test,10
host-record=client5.remote.test,127.0.0.5
host-record=client6.remote.test,127.0.0.6
host-record=client7.remote.test,127.0.0.7
host-record=client9.remote.test,127.0.0.9
txt-record=example.test,"v=spf1 ip4:127.0.0.5 ip4:127.0.0.1 -all"
txt-record=_dmarc.example.test,"v=DMARC1; p=reject"
txt-record=test._domainkey.example.test,"v=DKIM1; h=sha256; k=rsa; p=$P"
txt-record=test._domainkey.mail.example.test,"v=DKIM1; h=sha256; k=rsa; p=$P"
txt-record=softfail.test,"v=spf1 ~all"
txt-record=_dmarc.softfail.test,"v=DMARC1; p=quarantine"
host-record=softfail.test,127.0.0.42
host-record=nospf.test,127.0.0.43
host-record=remote.test,127.0.0.44
EOF
dnsmasq -C $CAP/dnsmasq.conf --pid-file=$RUN/dnsmasq.pid || log "dnsmasq failed"
# opendkim resolves through libunbound, which refuses the special-use "test." zone unless told
cat > $CAP/unbound.conf <<EOF
server:
  local-zone: "test." nodefault
  do-not-query-localhost: no
forward-zone:
  name: "."
  forward-addr: 127.0.0.1
EOF

# ---------------------------------------------------------------- rsyslog: every mail-facility line in one maillog
log "rsyslog"
cat > $CAP/rsyslog.conf <<EOF
global(localHostname="mail" workDirectory="/var/spool/rsyslog")
module(load="imuxsock")
if \$syslogfacility-text == 'mail' then {
  action(type="omfile" file="$LOGD/maillog" template="RSYSLOG_TraditionalFileFormat")
  stop
}
*.* action(type="omfile" file="$LOGD/other.log" template="RSYSLOG_FileFormat")
EOF
rm -f /dev/log
rsyslogd -f $CAP/rsyslog.conf -i $RUN/rsyslogd.pid
sleep 1

# ---------------------------------------------------------------- milters
log "opendkim, opendmarc"
cat > $CAP/opendkim.conf <<EOF
Syslog yes
SyslogSuccess yes
LogWhy yes
Mode sv
Domain example.test
SubDomains yes
Selector test
KeyFile $CAP/dkim/test.private
Socket inet:8891@127.0.0.1
PidFile $RUN/opendkim.pid
UserID opendkim
AuthservID mail.example.test
ResolverConfiguration $CAP/unbound.conf
InternalHosts 127.0.0.1
EOF
chown opendkim $RUN; chmod 777 $RUN
opendkim -x $CAP/opendkim.conf || log "opendkim failed"
cat > $CAP/opendmarc.conf <<EOF
Syslog true
Socket inet:8893@127.0.0.1
PidFile $RUN/opendmarc.pid
UserID opendmarc
AuthservID mail.example.test
TrustedAuthservIDs mail.example.test
SPFSelfValidate true
IgnoreHosts $CAP/dmarc-ignore
PublicSuffixList /usr/share/publicsuffix/public_suffix_list.dat
EOF
echo 127.0.0.1 > $CAP/dmarc-ignore
opendmarc -c $CAP/opendmarc.conf || log "opendmarc failed"

log "clamd (a one-signature test database) and clamav-milter"
adduser clamav amavis >/dev/null 2>&1; adduser amavis clamav >/dev/null 2>&1 # clamd reads amavis' parts
mkdir -p /run/clamav /var/log/clamav; chown clamav: /run/clamav /var/log/clamav
rm -f /var/lib/clamav/*.c?d /var/lib/clamav/*.hdb
# the EICAR test file's MD5 and size: the only signature; freshclam never runs
printf '44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n' > /var/lib/clamav/test.hdb
chown clamav: /var/lib/clamav/test.hdb
cat > $CAP/clamd.conf <<EOF
LocalSocket /run/clamav/clamd.ctl
LocalSocketMode 666
User clamav
PidFile /run/clamav/clamd.pid
DatabaseDirectory /var/lib/clamav
LogFile /var/log/clamav/clamav.log
LogTime true
Foreground false
EOF
clamd -c $CAP/clamd.conf || log "clamd failed"
cat > $CAP/clamav-milter.conf <<EOF
MilterSocket inet:7357@127.0.0.1
User clamav
PidFile /run/clamav/clamav-milter.pid
ClamdSocket unix:/run/clamav/clamd.ctl
OnClean Accept
OnInfected Reject
OnFail Accept
AddHeader Replace
LogSyslog true
LogFacility LOG_MAIL
LogInfected Full
LogClean Full
EOF
clamav-milter -c $CAP/clamav-milter.conf || log "clamav-milter failed"

log "rspamd (milter proxy on 11332, no redis)"
mkdir -p /run/rspamd /var/lib/rspamd /var/log/rspamd; chown _rspamd: /run/rspamd /var/lib/rspamd /var/log/rspamd
cat > /etc/rspamd/local.d/logging.inc <<EOF
type = "syslog";
facility = "LOG_MAIL";
level = "notice";
EOF
cat > /etc/rspamd/local.d/worker-proxy.inc <<EOF
bind_socket = "127.0.0.1:11332";
milter = yes;
timeout = 120s;
upstream "local" { default = yes; self_scan = yes; }
EOF
cat > /etc/rspamd/local.d/options.inc <<EOF
local_addrs = [];
EOF
echo 'enabled = false;' > /etc/rspamd/local.d/dkim_signing.conf  # opendkim signs here
rspamd -c /etc/rspamd/rspamd.conf -u _rspamd -g _rspamd || log "rspamd failed"

# ---------------------------------------------------------------- policy servers
log "postgrey (10 s delay), policyd-spf"
printf '127.0.0.5\n127.0.0.6\n127.0.0.7\n' > /etc/postgrey/whitelist_clients.local
rm -f /var/lib/postgrey/* # a fresh triplet database: the first try of the driver is greylisted
postgrey --inet=127.0.0.1:10023 --delay=10 --daemonize --pidfile=$RUN/postgrey.pid --user=postgrey --group=postgrey \
  || log "postgrey failed"
cat > /etc/postfix-policyd-spf-python/policyd-spf.conf <<EOF
debugLevel = 1
TestOnly = 1
HELO_reject = Fail
Mail_From_reject = Fail
PermError_reject = False
TempError_Defer = False
skip_addresses = 127.0.0.1/32
EOF

# ---------------------------------------------------------------- content filters: amavis (+SpamAssassin, clamd), spamd
log "amavisd-new, spamd"
cat > /etc/amavis/conf.d/50-user <<'EOF'
use strict;
$myhostname = 'mail.example.test';
@local_domains_acl = ( '.example.test' );
@bypass_virus_checks_maps = ( \%bypass_virus_checks, \@bypass_virus_checks_acl, \$bypass_virus_checks_re );
@bypass_spam_checks_maps  = ( \%bypass_spam_checks,  \@bypass_spam_checks_acl,  \$bypass_spam_checks_re );
@spam_lovers_maps = ( ['bob@mail.example.test'] );
$sa_tag_level_deflt = -999; $sa_tag2_level_deflt = 5; $sa_kill_level_deflt = 5;
$sa_local_tests_only = 1;
$final_spam_destiny = D_DISCARD; $final_virus_destiny = D_DISCARD; $final_banned_destiny = D_DISCARD;
$virus_admin = undef; $spam_admin = undef;
$enable_dkim_verification = 0; $enable_dkim_signing = 0;
$DO_SYSLOG = 1; $syslog_facility = 'mail'; $log_level = 0;
$inet_socket_port = 10024; $forward_method = 'smtp:[127.0.0.1]:10025'; $notify_method = $forward_method;
@av_scanners = ( ['ClamAV-clamd', \&ask_daemon, ["CONTSCAN {}\n", "/run/clamav/clamd.ctl"],
  qr/\bOK$/m, qr/\bFOUND$/m, qr/^.*?: (?!Infected Archive)(.*) FOUND$/m ] );
@av_scanners_backup = ();
1;
EOF
mkdir -p /run/amavis; chown amavis: /run/amavis
amavisd || log "amavisd failed"
spamd --daemonize --syslog=mail --listen=127.0.0.1 --max-children=1 --username=debian-spamd \
  --pidfile=$RUN/spamd.pid --local || log "spamd failed"

# ---------------------------------------------------------------- postfix
log "postfix"
cat > /etc/postfix/main.cf <<EOF
# generated by scripts/capture/stack.sh
compatibility_level = 3.6
myhostname = mail.example.test
mydomain = example.test
myorigin = \$myhostname
mydestination = \$myhostname, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
alias_maps = hash:/etc/aliases
alias_database = hash:/etc/aliases
smtpd_banner = \$myhostname ESMTP \$mail_name (Debian/GNU)
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination,
  check_policy_service unix:private/policyd-spf, check_policy_service inet:127.0.0.1:10023
policyd-spf_time_limit = 3600
milter_default_action = accept
milter_protocol = 6
smtpd_milters = inet:127.0.0.1:8891, inet:127.0.0.1:8893, inet:127.0.0.1:11332, inet:127.0.0.1:7357
content_filter = smtp-amavis:[127.0.0.1]:10024
maillog_file =
EOF
postconf -M -e 'smtp/inet=smtp inet n - n - - smtpd'
# a second door that skips rspamd and clamav-milter, so amavis (not a milter) judges what comes in there
postconf -M -e '127.0.0.1:2526/inet=127.0.0.1:2526 inet n - n - - smtpd -o smtpd_milters=inet:127.0.0.1:8891'
postconf -M -e 'smtp-amavis/unix=smtp-amavis unix - - n - 2 smtp -o smtp_data_done_timeout=1200 -o smtp_send_xforward_command=yes -o disable_dns_lookups=yes -o max_use=20'
postconf -M -e '127.0.0.1:10025/inet=127.0.0.1:10025 inet n - n - - smtpd -o content_filter= -o smtpd_milters= -o receive_override_options=no_header_body_checks,no_unknown_recipient_checks,no_milters -o smtpd_recipient_restrictions=permit_mynetworks,reject -o mynetworks=127.0.0.0/8 -o smtpd_authorized_xforward_hosts=127.0.0.0/8'
postconf -M -e 'policyd-spf/unix=policyd-spf unix - n n - 0 spawn user=policyd-spf argv=/usr/bin/policyd-spf'
postconf -F '*/*/chroot = n'
newaliases
postfix start
sleep "${STACK_WARMUP:-40}" # SpamAssassin (in amavis and spamd) and rspamd load their rules

# ---------------------------------------------------------------- driver
log "driver"
T=$LOGD/client-transcript.log
send() { echo "### $*" >> $T; swaks --server 127.0.0.1 "$@" >> $T 2>&1; echo "rc=$?" >> $T; sleep 2; }
EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf '%s' "$EICAR" > $RUN/eicar.com
GTUBE='XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X'
mkmsg() { # from to subject body
  printf 'From: <%s>\nTo: <%s>\nSubject: %s\nDate: %s\nMessage-ID: <%s@stack.test>\n\n%s\n' \
    "$1" "$2" "$3" "$(date -R)" "$(date +%s%N)" "$4"
}
# 1. internal submission from the trusted network: opendkim signs it; amavis passes it; bob's spamc asks spamd
send --from alice@mail.example.test --to bob@mail.example.test --header 'Subject: internal, signed'
# 2. external, a valid DKIM signature of example.test, SPF pass: DKIM, SPF and DMARC pass
mkmsg alice@example.test carol@mail.example.test 'signed by example.test' 'a signed message' > $RUN/m2
perl /root/dkimsign.pl $CAP/dkim/test.private example.test test < $RUN/m2 > $RUN/m2.signed
send --local-interface 127.0.0.5 --ehlo client5.remote.test --from alice@example.test --to carol@mail.example.test --data $RUN/m2.signed
# 3. the same signed message with its body changed after signing: bad signature (SPF still passes)
sed 's/a signed message/a changed message/' $RUN/m2.signed > $RUN/m3
send --local-interface 127.0.0.5 --ehlo client5.remote.test --from alice@example.test --to carol@mail.example.test --data $RUN/m3
# 4. SPF softfail, DMARC fail (p=quarantine), not signed
send --local-interface 127.0.0.6 --ehlo client6.remote.test --from news@softfail.test --to carol@mail.example.test --header 'From: <news@softfail.test>' --header 'Subject: softfail'
# 5. no SPF, no DMARC record
send --local-interface 127.0.0.7 --ehlo client7.remote.test --from info@nospf.test --to carol@mail.example.test --header 'From: <info@nospf.test>' --header 'Subject: no policy'
# 6. SPF fail: policyd-spf rejects at RCPT
send --local-interface 127.0.0.6 --ehlo client6.remote.test --from forged@example.test --to carol@mail.example.test --header 'Subject: forged'
# 7. greylisting: the first try gets 450, the retry after the delay passes
send --local-interface 127.0.0.9 --ehlo client9.remote.test --from grey@remote.test --to carol@mail.example.test --header 'Subject: greylisted'
sleep 12
send --local-interface 127.0.0.9 --ehlo client9.remote.test --from grey@remote.test --to carol@mail.example.test --header 'Subject: greylisted'
# 8. GTUBE through the milters: rspamd rejects it
mkmsg spammer@remote.test carol@mail.example.test 'rspamd spam' "$GTUBE" > $RUN/m8
send --local-interface 127.0.0.7 --ehlo client7.remote.test --from spammer@remote.test --to carol@mail.example.test --data $RUN/m8
# 9. EICAR through the milters: clamav-milter rejects it
send --local-interface 127.0.0.7 --ehlo client7.remote.test --from virus@remote.test --to carol@mail.example.test --header 'Subject: eicar milter' --attach-type application/octet-stream --attach-name eicar.com --attach $RUN/eicar.com
# 10. port 2526 (no rspamd, no clamav-milter): amavis blocks GTUBE for carol, passes it tagged for bob (a spam
# lover), and then bob's spamc has spamd find it spam; amavis blocks EICAR
mkmsg spammer@remote.test carol@mail.example.test 'amavis spam' "$GTUBE" > $RUN/m10
send --port 2526 --local-interface 127.0.0.7 --ehlo client7.remote.test --from spammer@remote.test --to carol@mail.example.test --data $RUN/m10
mkmsg spammer@remote.test bob@mail.example.test 'amavis spam lover' "$GTUBE" > $RUN/m11
send --port 2526 --local-interface 127.0.0.7 --ehlo client7.remote.test --from spammer@remote.test --to bob@mail.example.test --data $RUN/m11
send --port 2526 --local-interface 127.0.0.7 --ehlo client7.remote.test --from virus@remote.test --to carol@mail.example.test --header 'Subject: eicar amavis' --attach-type application/octet-stream --attach-name eicar.com --attach $RUN/eicar.com
# 11. a clean message for two recipients through every filter
send --local-interface 127.0.0.5 --ehlo client5.remote.test --from alice@example.test --to carol@mail.example.test,bob@mail.example.test --header 'Subject: two recipients'
sleep 15
postqueue -p >> $T 2>&1
stop_all
sleep 1
cp $LOGD/maillog $T $OUT/
pflogsumm --problems-first $LOGD/maillog > $OUT/pflogsumm.txt 2>/dev/null
ls -la $OUT >&2
