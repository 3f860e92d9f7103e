#!/usr/bin/env bash
# Capture a real Exim 4.96 (+ Dovecot 2.3) log corpus on a throw-away Debian 12 machine.
# Run as root. Loopback traffic only. Usage: exim.sh [OUTDIR]   (default scripts/capture/out-exim)
#   OUTDIR/exim/{mainlog,rejectlog,paniclog,maillog,eximstats.txt}
#   OUTDIR/dovecot/{dovecot.log,maillog}
# See README-exim.md next to this file.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/out-exim}"
mkdir -p "$OUT/exim" "$OUT/dovecot"; OUT="$(cd "$OUT" && pwd)"
QUICK="${QUICK:-0}"           # QUICK=1 skips the ~70 s wait for retry-timeout / bounce-unfreeze events
SKIP_INSTALL="${SKIP_INSTALL:-0}"
CAP=/etc/exim4/mailcap        # our config, certs, keys
LOGD=/var/log/eximcap         # rsyslog output, transcripts, scratch
EXLOG=/var/log/exim4
RUN=/run/eximcap
TRANSCRIPT=$LOGD/client-transcript.log
export DEBIAN_FRONTEND=noninteractive

log() { printf '\n=== [%s] %s\n' "$(date -u +%T)" "$*" >&2; }
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }

# ---------------------------------------------------------------- install
if [ "$SKIP_INSTALL" != 1 ]; then
  log "installing packages (this removes postfix if installed)"
  apt-get update -q >/dev/null
  apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
     exim4-daemon-heavy exim4-config exim4-base dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd \
     rsyslog swaks openssl procps dnsmasq-base python3 >/dev/null || { echo "apt-get install failed" >&2; exit 1; }
fi

[ "${INSTALL_ONLY:-0}" = 1 ] && exit 0  # chroot.sh installs outside the network namespace

# ---------------------------------------------------------------- stop leftovers
stop_all() {
  for pf in /run/exim4/exim.pid $RUN/exim.pid $RUN/dnsmasq.pid $RUN/sink.pid $RUN/rsyslogd.pid /run/dovecot/master.pid; do
    [ -s "$pf" ] && kill "$(cat "$pf")" 2>/dev/null
    rm -f "$pf"
  done
  sleep 1
  if [ -f /etc/resolv.conf.eximcap-orig ]; then
    cat /etc/resolv.conf.eximcap-orig > /etc/resolv.conf && rm -f /etc/resolv.conf.eximcap-orig
  fi
}
log "stopping leftovers of a previous run"
stop_all
trap 'stop_all' EXIT

rm -rf "$LOGD" $RUN; mkdir -p "$LOGD" $RUN $CAP
chmod 755 $LOGD $RUN

# ---------------------------------------------------------------- users, certs, keys
log "users, certificates, DKIM key"
for u in alice bob; do id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"; done
getent group vmail >/dev/null || groupadd -g 5000 vmail
id vmail >/dev/null 2>&1 || useradd -u 5000 -g vmail -d /var/vmail -s /usr/sbin/nologin vmail
rm -rf /var/vmail; mkdir -p /var/vmail; chown -R vmail:vmail /var/vmail
rm -rf ~alice/Maildir; rm -f /var/mail/alice /var/mail/bob
printf 'bob\n"|/bin/dd of=/dev/null status=none"\n' > ~bob/.forward; chown bob: ~bob/.forward
if [ ! -s $CAP/cert.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mail.example.test" \
    -keyout $CAP/key.pem -out $CAP/cert.pem >/dev/null 2>&1
fi
if [ ! -s $CAP/dkim.key ]; then openssl genrsa -out $CAP/dkim.key 1024 >/dev/null 2>&1; fi
chown root:Debian-exim $CAP/key.pem $CAP/dkim.key; chmod 640 $CAP/key.pem $CAP/dkim.key
DKIM_P="$(openssl rsa -in $CAP/dkim.key -pubout -outform DER 2>/dev/null | base64 -w0)"
touch /var/tmp/eximcap-filealias.mbox; chown nobody /var/tmp/eximcap-filealias.mbox

# ---------------------------------------------------------------- local DNS (dnsmasq, loopback only, never forwards)
log "dnsmasq"
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
host-record=5.0.0.127.dnsbl2.example.test,127.0.0.3
host-record=spf.test,127.0.0.41
txt-record=spf.test,"v=spf1 ip4:127.0.0.41 -all"
txt-record=test._domainkey.mail.example.test,"v=DKIM1; k=rsa; p=$DKIM_P"
EOF
[ -f /etc/resolv.conf.eximcap-orig ] || cp /etc/resolv.conf /etc/resolv.conf.eximcap-orig
echo "nameserver 127.0.0.1" > /etc/resolv.conf
dnsmasq -C $CAP/dnsmasq.conf --pid-file=$RUN/dnsmasq.pid || log "dnsmasq failed (DNSBL/SPF/DKIM tests will not fire)"

# ---------------------------------------------------------------- rsyslog (exim and dovecot to their own files)
log "rsyslog"
cat > $CAP/rsyslog.conf <<EOF
global(localHostname="mail" workDirectory="/var/spool/rsyslog")
module(load="imuxsock")
if \$programname == 'exim' then {
  action(type="omfile" file="$LOGD/maillog-exim" template="RSYSLOG_TraditionalFileFormat")
  stop
}
if \$programname == 'dovecot' then {
  action(type="omfile" file="$LOGD/maillog-dovecot" template="RSYSLOG_TraditionalFileFormat")
  stop
}
*.* action(type="omfile" file="$LOGD/other.log" template="RSYSLOG_FileFormat")
EOF
mkdir -p /var/spool/rsyslog
rsyslogd -f $CAP/rsyslog.conf -i $RUN/rsyslogd.pid

# ---------------------------------------------------------------- dovecot
log "dovecot"
cat > $CAP/dovecot.passwd <<'EOF'
alice@example.test:{PLAIN}alicepw::::::
bob@example.test:{PLAIN}bobpw::::::
dave@lmtp.example.test:{PLAIN}davepw::::::
erin@lmtp.example.test:{PLAIN}erinpw::::::
full@lmtp.example.test:{PLAIN}fullpw::::::userdb_quota_rule=*:storage=4K
EOF
chmod 644 $CAP/dovecot.passwd
write_dovecot_conf() { # $1 = log_path (file or syslog)
if dovecot --version 2>/dev/null | grep -q '^2\.4'; then
# Dovecot 2.4 (Debian 13): the new configuration syntax
sed -i 's/userdb_quota_rule=\*:storage=4K/userdb_quota_storage_size=4K/' $CAP/dovecot.passwd
cat > $CAP/dovecot.conf <<EOF
dovecot_config_version = 2.4.1
dovecot_storage_version = 2.4.0
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = /run/dovecot
log_path = $1
info_log_path = $1
syslog_facility = mail
log_timestamp = "%b %d %H:%M:%S "
ssl = yes
ssl_server_cert_file = $CAP/cert.pem
ssl_server_key_file = $CAP/key.pem
auth_allow_cleartext = yes
auth_mechanisms = plain login
auth_verbose = yes
verbose_proctitle = yes
mail_driver = maildir
mail_path = ~/Maildir
first_valid_uid = 1000
lmtp_rcpt_check_quota = no
mail_plugins {
  quota = yes
}
quota "User quota" {
  driver = count
  quota_storage_size = 100M
}
passdb passwd-file {
  default_password_scheme = PLAIN
  passwd_file_path = $CAP/dovecot.passwd
}
userdb passwd-file {
  passwd_file_path = $CAP/dovecot.passwd
  fields {
    uid:default = vmail
    gid:default = vmail
    home:default = /var/vmail/%{user | domain}/%{user | username}
  }
}
service auth {
  unix_listener auth-client {
    mode = 0666
  }
}
service lmtp {
  inet_listener lmtp {
    listen = 127.0.0.1
    port = 24
  }
}
protocol lmtp {
  postmaster_address = postmaster@mail.example.test
}
EOF
return
fi
cat > $CAP/dovecot.conf <<EOF
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = /run/dovecot
log_path = $1
info_log_path = $1
syslog_facility = mail
log_timestamp = "%b %d %H:%M:%S "
ssl = yes
ssl_cert = <$CAP/cert.pem
ssl_key = <$CAP/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_verbose_passwords = no
verbose_proctitle = yes
mail_location = maildir:~/Maildir
mail_plugins = \$mail_plugins quota
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
  unix_listener auth-client {
    mode = 0666
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = 24
  }
}
protocol lmtp {
  postmaster_address = postmaster@mail.example.test
  mail_plugins = \$mail_plugins quota
}
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=100M
}
EOF
}
rm -f /var/log/dovecot.log
write_dovecot_conf /var/log/dovecot.log

# ---------------------------------------------------------------- exim configuration
log "exim configuration"
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
  V6IF=" ; ::1"; V6OPT=""
else
  V6IF=""; V6OPT="disable_ipv6 = true"
fi
echo mail.example.test > /etc/mailname
cat > $CAP/aliases <<EOF
postmaster: root
mailer-daemon: postmaster
root: alice
abuse: alice, bob
devnull: /dev/null
cmdalias: "|/bin/dd of=/dev/null status=none"
failpipe: "|/bin/false"
filealias: /var/tmp/eximcap-filealias.mbox
listalias: :include:$CAP/list.inc
fwdremote: someone@sink.example.test
closed: :fail: Unknown user
busy: :defer: mailbox temporarily locked
EOF
printf 'alice\nbob\n' > $CAP/list.inc

# log selectors accepted by 4.96 (checked with exim -bV)
LOG_SELECTOR="+address_rewrite +all_parents +connection_reject +delay_delivery +deliver_time +delivery_size \
+dkim +dkim_verbose +dnslist_defer +dnssec +etrn +host_lookup_failed +ident_timeout +incoming_interface \
+incoming_port +lost_incoming_connection +millisec +outgoing_interface +outgoing_port +pid +pipelining \
+queue_run +queue_time +queue_time_overall +receive_time +received_recipients +received_sender +rejected_header \
+retry_defer +return_path_on_delivery +sender_on_delivery +sender_verify_fail +size_reject +skip_delivery \
+smtp_confirmation +smtp_connection +smtp_incomplete_transaction +smtp_mailauth +smtp_no_mail \
+smtp_protocol_error +smtp_syntax_error +subject +tls_certificate_verified +tls_cipher +tls_peerdn \
+tls_resumption +tls_sni +unknown_in_list +8bitmime +msg_id +msg_id_created"

write_exim_conf() { # $1 = log_file_path  $2 = log_selector  [$3 = syslog_timestamp]
cat > /etc/exim4/exim4.conf <<EOF
# mailsight capture configuration (generated by scripts/capture/exim.sh)
primary_hostname = mail.example.test
qualify_domain = mail.example.test
domainlist local_domains = mail.example.test : localhost
domainlist lmtp_domains = lmtp.example.test
domainlist relay_to_domains = sink.example.test : dead.example.test
hostlist relay_from_hosts = <; 127.0.0.1$V6IF
local_interfaces = <; 127.0.0.1$V6IF
daemon_smtp_ports = 25 : 465 : 587
tls_on_connect_ports = 465
$V6OPT
log_file_path = $1
log_selector = $2
syslog_timestamp = ${3:-true}
exim_user = Debian-exim
exim_group = Debian-exim
never_users = root
host_lookup = *
rfc1413_hosts =
acl_smtp_connect = acl_connect
acl_smtp_helo = acl_helo
acl_smtp_mail = acl_mail
acl_smtp_rcpt = acl_rcpt
acl_smtp_data = acl_data
acl_smtp_dkim = acl_dkim
acl_smtp_etrn = acl_etrn
message_size_limit = 200K
smtp_receive_timeout = 8s
smtp_accept_max_nonmail = 6
smtp_max_synprot_errors = 3
smtp_etrn_command = /bin/true
tls_certificate = $CAP/cert.pem
tls_privatekey = $CAP/key.pem
tls_advertise_hosts = *
auth_advertise_hosts = *
ignore_bounce_errors_after = 1m
timeout_frozen_after = 30m
freeze_tell = postmaster
prdr_enable = false
pipelining_connect_advertise_hosts = 127.0.0.1
spool_directory = /var/spool/exim4
keep_environment =

begin acl

acl_connect:
  accept hosts = 127.0.0.30
         delay = 2s
  deny   hosts = 127.0.0.9
         message = Client blocked by local policy
  accept

acl_helo:
  deny   hosts = !+relay_from_hosts
         condition = \${if eq{\$sender_helo_name}{mail.example.test}}
         message = You are not me
  accept

acl_mail:
  deny   senders = *@blocked-sender.test
         message = Sender blocked by local policy
  accept

acl_etrn:
  accept

acl_rcpt:
  accept hosts = :
         control = dkim_disable_verify
  deny   message = Restricted characters in address
         domains = +local_domains
         local_parts = ^[.] : ^.*[@%!/|]
  deny   hosts = !+relay_from_hosts
         dnslists = dnsbl.example.test
         message = Rejected because \$sender_host_address is in a black list at \$dnslist_domain: \$dnslist_text
  warn   dnslists = dnsbl2.example.test
         log_message = Listed in \$dnslist_domain (\$dnslist_value)
  defer  hosts = 127.0.0.8
         message = Greylisted, please try again later
  deny   condition = \${if eq{\$received_port}{587}}
         !authenticated = *
         message = Authentication required
  accept hosts = +relay_from_hosts
         control = submission/sender_retain
  accept authenticated = *
         control = submission/domain=mail.example.test
  require verify = sender
  require message = relay not permitted
          domains = +local_domains : +relay_to_domains : +lmtp_domains
  require verify = recipient
  accept

acl_data:
  deny   condition = \${if match{\$h_X-Mailcap-Test:}{reject}}
         message = Message rejected by header policy (X-Mailcap-Test)
  deny   condition = \${if match{\$h_Subject:}{data-reject}}
         message = Content rejected: forbidden subject marker
  defer  condition = \${if match{\$h_Subject:}{data-defer}}
         message = Temporarily deferred by content policy
  discard condition = \${if match{\$h_Subject:}{data-discard}}
         log_message = discarded by subject marker
  warn   condition = \${if match{\$h_Subject:}{data-warn}}
         log_message = data-warn marker seen
         add_header = X-Mailcap-Warn: yes
  warn   condition = \${if match{\$h_Subject:}{data-freeze}}
         control = freeze/no_tell
  warn   condition = \${if match{\$h_Subject:}{data-queue}}
         control = queue
  accept

acl_dkim:
  warn   dkim_status = fail : invalid
         log_message = DKIM verification problem for \$dkim_cur_signer: \$dkim_verify_reason
  accept

begin routers

dnslookup_verify:
  driver = dnslookup
  domains = ! +local_domains : ! +lmtp_domains : ! +relay_to_domains
  verify_only
  no_more

lmtp_dovecot:
  driver = accept
  domains = +lmtp_domains
  transport = dovecot_lmtp

relay_dead:
  driver = manualroute
  domains = dead.example.test
  route_list = * 127.0.0.2
  self = send
  transport = remote_smtp
  no_more

taint_demo:
  driver = accept
  domains = +local_domains
  local_parts = tainted-mbox
  transport = tainted_file

relay_sink:
  driver = manualroute
  domains = +relay_to_domains
  route_list = * 127.0.0.1
  self = send
  transport = remote_smtp
  no_more

smarthost:
  driver = manualroute
  domains = ! +local_domains
  route_list = * 127.0.0.1
  self = send
  transport = remote_smtp
  no_verify
  no_more

system_aliases:
  driver = redirect
  domains = +local_domains
  allow_fail
  allow_defer
  data = \${lookup{\$local_part}lsearch{$CAP/aliases}}
  user = nobody
  group = nogroup
  file_transport = address_file
  pipe_transport = address_pipe

userforward:
  driver = redirect
  domains = +local_domains
  check_local_user
  file = \$home/.forward
  require_files = \$home/.forward
  no_verify
  no_expn
  check_ancestor
  allow_filter
  file_transport = address_file
  pipe_transport = address_pipe
  reply_transport = address_reply

local_user:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = \${if eq{\$local_part}{bob}{local_mbox}{local_maildir}}
  cannot_route_message = Unknown user

begin transports

remote_smtp:
  driver = smtp
  port = \${if eq{\$domain}{dead.example.test}{2599}{2525}}
  allow_localhost
  dkim_domain = \${if eq{\$sender_address_domain}{mail.example.test}{mail.example.test}{}}
  dkim_selector = test
  dkim_private_key = $CAP/dkim.key
  dkim_canon = relaxed

dovecot_lmtp:
  driver = smtp
  protocol = lmtp
  hosts = 127.0.0.1
  port = 24
  allow_localhost
  hosts_avoid_tls = *

local_maildir:
  driver = appendfile
  directory = \$home/Maildir
  maildir_format
  delivery_date_add
  envelope_to_add
  return_path_add

local_mbox:
  driver = appendfile
  file = /var/mail/\$local_part_data
  group = mail
  mode = 0660
  delivery_date_add
  envelope_to_add
  return_path_add

tainted_file:
  driver = appendfile
  file = /var/tmp/\$local_part

address_pipe:
  driver = pipe
  return_output

address_file:
  driver = appendfile
  delivery_date_add
  envelope_to_add
  return_path_add

address_reply:
  driver = autoreply

begin retry
*   *   F,1m,15s; F,30m,2m

begin rewrite
*@legacy.example.test  \${local_part}@mail.example.test  Eh

begin authenticators

dovecot_plain:
  driver = dovecot
  public_name = PLAIN
  server_socket = /run/dovecot/auth-client
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}

plain_login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and{{eq{\$auth1}{bob@example.test}}{eq{\$auth2}{bobpw}}}}
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}
EOF
}
write_exim_conf "syslog : $EXLOG/%slog" "$LOG_SELECTOR"
exim -bV >/dev/null 2>$LOGD/exim-bV.err || { cat $LOGD/exim-bV.err >&2; echo "exim config invalid" >&2; exit 1; }
mkdir -p $EXLOG; chown Debian-exim:adm $EXLOG
rm -f $EXLOG/mainlog $EXLOG/rejectlog $EXLOG/paniclog
# empty the queue and hints databases
find /var/spool/exim4/input -type f -delete 2>/dev/null
find /var/spool/exim4/msglog -type f -delete 2>/dev/null
rm -f /var/spool/exim4/db/*

# ---------------------------------------------------------------- helpers
SWAKS_BASE=(swaks --server 127.0.0.1 --timeout 20 --suppress-data)
sw() { # sw [swaks args...]
  echo "### swaks $*" >> $TRANSCRIPT
  local helo=(--ehlo mua.example.test); case " $* " in *" --ehlo "*) helo=();; esac
  # swaks would put the machine's hostname into Message-Id; use a stable test domain instead
  local mid=(--header "Message-Id: <$(date -u +%Y%m%d%H%M%S).$RANDOM$RANDOM@mua.example.test>")
  case " $* " in *" --data "*) mid=();; esac
  "${SWAKS_BASE[@]}" "${helo[@]}" "${mid[@]}" "$@" >> $TRANSCRIPT 2>&1
}
# untrusted client from a 127.0.0.x address (relay_from_hosts is 127.0.0.1 only)
usw() { local ip=$1; shift; sw --local-interface "$ip" --port 25 "$@"; }
raw() { echo "### raw $*" >> $TRANSCRIPT; python3 "$HERE/rawsmtp.py" "$@" >> $TRANSCRIPT 2>&1; echo >> $TRANSCRIPT; }
smail() { # smail FROM RCPT... (stdin: message)
  local from=$1; shift; echo "### exim -f $from $*" >> $TRANSCRIPT
  /usr/sbin/exim4 -f "$from" "$@" >> $TRANSCRIPT 2>&1
}
ids_for() { exiqgrep -i -r "$1" 2>/dev/null; }
ids_from() { exiqgrep -i -f "$1" 2>/dev/null; }
wait_idle() { sleep "${1:-3}"; }
stop_pidfile() { # kill the process in pidfile $1 and wait until it is gone
  local p; p=$(cat "$1" 2>/dev/null) || return 0; [ -n "$p" ] || return 0
  kill "$p" 2>/dev/null; local i; for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.2; done; }
start_exim() { /usr/sbin/exim4 -bd -q10m -oP $RUN/exim.pid; sleep 1; }
start_sink() {
  SINK_SAVE_DIR=$LOGD/sink-save python3 "$HERE/sink.py" $CAP/cert.pem $CAP/key.pem 2525=normal \
     >>$LOGD/sink.log 2>&1 & echo $! > $RUN/sink.pid
}

# ================================================================ traffic
traffic_deliveries() {
  log "traffic: deliveries"
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: plain local delivery"
  sw -t bob@mail.example.test -f sender@remote.test --header "Subject: to bob with .forward"
  sw -t postmaster@mail.example.test,abuse@mail.example.test -f sender@remote.test --header "Subject: aliases"
  sw -t cmdalias@mail.example.test,filealias@mail.example.test,devnull@mail.example.test,listalias@mail.example.test -f sender@remote.test --header "Subject: command, file and include aliases"
  sw -t fwdremote@mail.example.test -f sender@remote.test --header "Subject: forwarded to remote"
  sw -t dave@lmtp.example.test,erin@lmtp.example.test -f sender@remote.test --header "Subject: lmtp to dovecot"
  sw -t ghost@lmtp.example.test,dave@lmtp.example.test -f sender@remote.test --header "Subject: lmtp unknown user"
  head -c 12000 /dev/urandom | base64 > $RUN/medium.txt
  sw -t full@lmtp.example.test -f sender@remote.test --header "Subject: lmtp over quota" --body $RUN/medium.txt
  sw -t ok1@sink.example.test,ok2@sink.example.test -f sender@remote.test --header "Subject: remote sink"
  sw -t ok3@sink.example.test,reject1@sink.example.test -f sender@remote.test --header "Subject: remote sink mixed 550"
  sw -t tempfail1@sink.example.test -f sender@remote.test --header "Subject: remote 450"
  sw -t bigreject@sink.example.test -f sender@remote.test --header "Subject: rejected at end of data"
  sw -t user1@dead.example.test -f alice@mail.example.test --header "Subject: closed port"
  sw -t user2@dead.example.test -f alice@mail.example.test --header "Subject: closed port 2"
  sw -t friend@elsewhere.test -f alice@mail.example.test --header "Subject: via smarthost (dkim signed)"
  sw -t reject2@sink.example.test -f reject-sender@sink.example.test --header "Subject: bounce of bounce -> frozen"
  sw -t reject3@sink.example.test -f '<>' --header "Subject: null sender bounce"
  sw -t failpipe@mail.example.test,tainted-mbox@mail.example.test -f sender@remote.test --header "Subject: failing pipe and tainted file"
  sw -t busy@mail.example.test -f sender@remote.test --header "Subject: alias defer"
  sw -t user@legacy.example.test -f someone@legacy.example.test --header "Subject: rewritten"
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: data-warn marker"
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: data-freeze marker"
  sw -t alice@mail.example.test,bob@mail.example.test -f sender@remote.test --header "Subject: data-queue marker"
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: data-discard marker"
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: 8bit body" --body "$(printf 'caf\xc3\xa9 8bit body')" --header "Content-Type: text/plain; charset=utf-8" --header "Content-Transfer-Encoding: 8bit"
  printf 'From: alice@mail.example.test\nTo: bob@mail.example.test\nSubject: local submission without message-id\n\nhello bob\n' | smail alice@mail.example.test bob@mail.example.test
  printf 'Subject: to unknown local user\n\nbounce me\n' | smail alice@mail.example.test nosuchuser@mail.example.test
  printf 'Subject: to closed alias\n\nbounce me\n' | smail alice@mail.example.test closed@mail.example.test
  printf 'Subject: -odq queued only\n\nqueued\n' | /usr/sbin/exim4 -odq -f alice@mail.example.test bob@mail.example.test
  printf 'Subject: sendmail -t\nTo: alice@mail.example.test\nCc: ok4@sink.example.test\n\nhello\n' | /usr/sbin/exim4 -t -f bob@mail.example.test
  wait_idle 4
}

traffic_auth_tls() {
  log "traffic: submission, TLS, AUTH"
  sw -p 25 -tls -t alice@mail.example.test -f sender@remote.test --header "Subject: starttls on 25"
  sw -p 587 -tls -a PLAIN -au alice@example.test -ap alicepw -f alice@mail.example.test -t ok5@sink.example.test,bob@mail.example.test --header "Subject: authenticated submission plain"
  sw -p 587 -tls -a LOGIN -au bob@example.test -ap bobpw -f bob@mail.example.test -t ok6@sink.example.test --header "Subject: authenticated submission login"
  sw -p 587 -tls -a PLAIN -au alice@example.test -ap wrongpw -f alice@mail.example.test -t ok7@sink.example.test
  sw -p 587 -tls -a PLAIN -au nobody@example.test -ap wrongpw -f alice@mail.example.test -t ok7@sink.example.test
  sw -p 587 -tls -a LOGIN -au bob@example.test -ap badpw -f bob@mail.example.test -t ok7@sink.example.test
  sw -p 587 -tls --local-interface 127.0.0.5 -f alice@mail.example.test -t ok8@sink.example.test
  sw -p 587 --local-interface 127.0.0.5 -a PLAIN -au alice@example.test -ap alicepw -f alice@mail.example.test -t ok8@sink.example.test
  sw -p 465 --tls-on-connect -a PLAIN -au alice@example.test -ap alicepw -f alice@mail.example.test -t ok9@sink.example.test --header "Subject: smtps"
  sw -p 465 --tls-on-connect --tls-sni mail.example.test --tls-cert $CAP/cert.pem --tls-key $CAP/key.pem -a PLAIN -au alice@example.test -ap alicepw -f alice@mail.example.test -t erin@lmtp.example.test --header "Subject: smtps with sni and client cert"
  raw 127.0.0.1 25 G S:'EHLO tlsfail.example.test\r\n' R S:'STARTTLS\r\n' R S:'this is not a TLS client hello\r\n' R
  raw 127.0.0.1 465 S:'EHLO plaintext.example.test\r\n' R
  raw 127.0.0.1 587 G S:'EHLO tlsdrop.example.test\r\n' R S:'STARTTLS\r\n' R X
  sw -p 25 -tls --tls-protocol tlsv1 -t alice@mail.example.test -f sender@remote.test
  wait_idle 2
}

traffic_rejects() {
  log "traffic: rejections from untrusted clients"
  U=127.0.0.5
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test --header "Subject: untrusted but fine"
  usw $U --ehlo client5.remote.test -t victim@elsewhere.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t nosuch@mail.example.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t closed@mail.example.test -f sender@remote.test
  usw $U --ehlo client5.remote.test -t nosuch@lmtp.example.test,dave@lmtp.example.test -f sender@remote.test --header "Subject: lmtp from outside"
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f someone@nxdomain.invalid
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f spoof@spf.test
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f evil@blocked-sender.test
  usw $U --ehlo client5.remote.test -t 'bad|pipe@mail.example.test' -f sender@remote.test
  usw $U --ehlo mail.example.test -t alice@mail.example.test -f sender@remote.test
  usw 127.0.0.66 --ehlo dnsbl.remote.test -t alice@mail.example.test -f spam@remote.test
  usw 127.0.0.8 --ehlo grey.remote.test -t alice@mail.example.test -f sender@remote.test
  usw 127.0.0.9 --ehlo black.remote.test -t alice@mail.example.test -f sender@remote.test
  usw 127.0.0.7 --ehlo fake.example.test -t alice@mail.example.test -f sender@remote.test --header "Subject: forged rdns"
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test --header "X-Mailcap-Test: please reject" --header "Subject: header policy"
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test --header "Subject: data-reject marker"
  usw $U --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test --header "Subject: data-defer marker"
  # size limits: declared SIZE and actual size
  raw $U 25 G S:'EHLO big.remote.test\r\n' R S:'MAIL FROM:<big@remote.test> SIZE=999999\r\n' R S:'QUIT\r\n' R
  head -c 300000 /dev/urandom | base64 > $RUN/big.txt
  usw $U --ehlo big.remote.test -t alice@mail.example.test -f big@remote.test --body $RUN/big.txt
  # protocol errors
  raw 127.0.0.30 25 S:'EHLO pregreet.example.test\r\n' W:3 R S:'QUIT\r\n' R
  raw $U 25 G S:'HELO nopipe.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@mail.example.test>\r\n' R R S:'QUIT\r\n' R
  raw $U 25 G S:'EHLO errors.remote.test\r\n' R S:'MAIL FROM:<bad\r\n' R S:'RCPT TO:<alice@mail.example.test>\r\n' R S:'BOGUS1\r\n' R S:'BOGUS2\r\n' R S:'BOGUS3\r\n' R
  raw $U 25 G S:'EHLO chatty.remote.test\r\n' R $(for i in $(seq 1 8); do echo S:'NOOP\r\n' R; done) S:'QUIT\r\n' R
  raw $U 25 G S:'EHLO early.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\n' R X
  raw $U 25 G S:'EHLO early.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\n' R S:'RCPT TO:<alice@mail.example.test>\r\n' R S:'DATA\r\n' R S:'Subject: cut\r\n\r\npartial' X
  raw $U 25 G X
  raw $U 25 G S:'EHLO nomail.remote.test\r\n' R S:'QUIT\r\n' R
  raw $U 25 G S:'EHLO quitter.remote.test\r\n' R S:'MAIL FROM:<x@remote.test>\r\n' R S:'QUIT\r\n' R
  raw $U 25 G S:'EHLO vrfy.remote.test\r\n' R S:'VRFY alice\r\n' R S:'EXPN abuse\r\n' R S:'ETRN dead.example.test\r\n' R S:'HELP\r\n' R S:'QUIT\r\n' R
  raw $U 25 G S:"EHLO $(head -c 600 /dev/zero | tr '\0' a).test\r\n" R S:'QUIT\r\n' R
  raw $U 25 G S:'GET / HTTP/1.0\r\n' R S:'Host: mail.example.test\r\n\r\n' R
  raw $U 25 G S:'EHLO sleepy.remote.test\r\n' R RW:12 & local p1=$!
  raw $U 25 G S:'EHLO sleepy2.remote.test\r\n' R S:'MAIL FROM:<a@remote.test>\r\n' R S:'RCPT TO:<alice@mail.example.test>\r\n' R S:'DATA\r\n' R S:'Subject: slow\r\n\r\nline\r\n' RW:12 & local p2=$!
  wait $p1 $p2
}

traffic_dkim() {
  log "traffic: DKIM sign and verify"
  rm -f $LOGD/sink-save/savedkim@sink.example.test.eml
  sw -t savedkim@sink.example.test -f alice@mail.example.test --header "Subject: dkim signed" --body "signed body"
  local i; for i in $(seq 1 10); do [ -s $LOGD/sink-save/savedkim@sink.example.test.eml ] && break; sleep 1; done
  if grep -qi '^DKIM-Signature:' $LOGD/sink-save/savedkim@sink.example.test.eml 2>/dev/null; then
    tr -d '\r' < $LOGD/sink-save/savedkim@sink.example.test.eml | sed '/^Received:/,/^[^ \t]/{/^Received:/d;/^[ \t]/d}' > $RUN/dkim-good.eml
    sed 's/\([[:space:];]\)s=test;/\1s=nokey;/' $RUN/dkim-good.eml > $RUN/dkim-nokey.eml
    { cat $RUN/dkim-good.eml; echo "tampered line"; } > $RUN/dkim-tampered.eml
    for v in good tampered nokey; do
      usw 127.0.0.5 --ehlo client5.remote.test -t alice@mail.example.test -f alice@mail.example.test --data @$RUN/dkim-$v.eml
    done
  else
    log "no DKIM-signed copy captured; skipping DKIM verification tests"
  fi
}

traffic_queue_ops() {
  log "traffic: queue runs and admin actions"
  /usr/sbin/exim4 -bp > $LOGD/mailq-before-ops.txt 2>&1
  /usr/sbin/exim4 -q; sleep 2                       # retry time not reached
  local q
  q=$(ids_for 'user1@dead.example.test' | head -1)
  if [ -n "$q" ]; then /usr/sbin/exim4 -Mf "$q"; sleep 1; /usr/sbin/exim4 -Mt "$q"; /usr/sbin/exim4 -M "$q"; fi
  q=$(ids_for 'user2@dead.example.test' | head -1)
  [ -n "$q" ] && /usr/sbin/exim4 -Mrm "$q"
  q=$(ids_for 'tempfail1@sink.example.test' | head -1)
  [ -n "$q" ] && /usr/sbin/exim4 -Mg "$q"
  printf 'Subject: mark delivered\n\nx\n' | /usr/sbin/exim4 -odq -f alice@mail.example.test bob@mail.example.test user3@dead.example.test
  sleep 1
  q=$(ids_for 'user3@dead.example.test' | head -1)
  if [ -n "$q" ]; then /usr/sbin/exim4 -Mar "$q" ok10@sink.example.test; /usr/sbin/exim4 -Mmd "$q" user3@dead.example.test; /usr/sbin/exim4 -M "$q"; fi
  sw -t tempfail2@sink.example.test -f alice@mail.example.test --header "Subject: remote 450 second"
  /usr/sbin/exim4 -qff; sleep 3                      # forced run incl. frozen
  /usr/sbin/exim4 -R sink.example.test; sleep 1
  /usr/sbin/exim4 -qq; sleep 2                       # two-stage queue run
  log "SIGHUP restart of the daemon"
  kill -HUP "$(cat $RUN/exim.pid)"; sleep 2
  /usr/sbin/exim4 -bp > $LOGD/mailq-after-ops.txt 2>&1
}

traffic_dovecot() {
  log "traffic: dovecot IMAP/POP3"
  python3 - <<'EOF' >> $TRANSCRIPT 2>&1
import imaplib, poplib, socket, ssl, threading, time
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
def imap(u, p, mode="plain"):
    try:
        if mode == "ssl":
            m = imaplib.IMAP4_SSL("127.0.0.1", ssl_context=ctx)
        else:
            m = imaplib.IMAP4("127.0.0.1")
            if mode == "starttls": m.starttls(ssl_context=ctx)
        m.login(u, p); m.select("INBOX"); typ, d = m.search(None, "ALL")
        for n in d[0].split()[:2]: m.fetch(n, "(RFC822)")
        if d[0].split(): m.store(d[0].split()[0], "+FLAGS", "\\Deleted"); m.expunge()
        m.logout()
    except Exception as e: print("imap", u, mode, e)
def pop(u, p, mode="plain"):
    try:
        if mode == "ssl":
            m = poplib.POP3_SSL("127.0.0.1", context=ctx)
        else:
            m = poplib.POP3("127.0.0.1")
            if mode == "starttls": m.stls(context=ctx)
        m.user(u); m.pass_(p); n, _ = m.stat()
        if n: m.retr(1); m.dele(1)
        m.quit()
    except Exception as e: print("pop3", u, mode, e)
def bare(port):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=3)
        try: s.recv(1000)
        except socket.timeout: pass
        s.close()
    except Exception as e: print("bare", port, e)
jobs = [
  lambda: imap("alice@example.test", "alicepw"),
  lambda: imap("dave@lmtp.example.test", "davepw", "starttls"),
  lambda: imap("erin@lmtp.example.test", "erinpw", "ssl"),
  lambda: imap("alice@example.test", "wrong"),
  lambda: imap("alice@example.test", "wrong2", "starttls"),
  lambda: imap("nobody@example.test", "x"),
  lambda: imap("mallory@example.test", "x", "ssl"),
  lambda: pop("erin@lmtp.example.test", "erinpw"),
  lambda: pop("dave@lmtp.example.test", "davepw", "starttls"),
  lambda: pop("bob@example.test", "bobpw", "ssl"),
  lambda: pop("bob@example.test", "nope"),
  lambda: pop("nobody@example.test", "x"),
  lambda: bare(143), lambda: bare(110), lambda: bare(993),
]
ts = [threading.Thread(target=j) for j in jobs]
for t in ts: t.start(); time.sleep(0.2)
for t in ts: t.join()
# several failures in one connection
try:
    m = imaplib.IMAP4("127.0.0.1")
    for p in ("a", "b", "c"):
        try: m.login("alice@example.test", p)
        except Exception as e: print("imap multi", e)
    m.logout()
except Exception as e: print("imap multi", e)
EOF
}

# ================================================================ pass 1: files + syslog, rich log_selector
log "starting daemons (pass 1)"
dovecot -c $CAP/dovecot.conf || log "dovecot failed to start"
start_sink
start_exim
sleep 1
T0=$(date +%s)
traffic_deliveries
traffic_auth_tls
traffic_rejects
traffic_dkim
traffic_queue_ops
traffic_dovecot
if [ "$QUICK" != 1 ]; then
  log "waiting for retry timeout and ignore_bounce_errors_after (1m)"
  while [ $(( $(date +%s) - T0 )) -lt 80 ]; do sleep 5; done
  /usr/sbin/exim4 -q; sleep 4
  /usr/sbin/exim4 -qff; sleep 4
fi
/usr/sbin/exim4 -bp > $LOGD/mailq-end-pass1.txt 2>&1
log "paniclog: SIGHUP with a broken configuration kills the daemon"
cp /etc/exim4/exim4.conf $RUN/exim4.conf.good
printf '\nno_such_option = 1\n' >> /etc/exim4/exim4.conf
kill -HUP "$(cat $RUN/exim.pid)"; sleep 3
cp $RUN/exim4.conf.good /etc/exim4/exim4.conf
kill -0 "$(cat $RUN/exim.pid 2>/dev/null)" 2>/dev/null || start_exim
log "stopping exim (pass 1)"
stop_pidfile $RUN/exim.pid
stop_pidfile /run/dovecot/master.pid

# ================================================================ pass 2: syslog only, default log_selector, dovecot via syslog
log "pass 2: default log_selector, syslog only for exim; dovecot via syslog"
cp $EXLOG/mainlog $LOGD/mainlog.pass1 2>/dev/null
write_exim_conf "syslog" "" false
write_dovecot_conf syslog
dovecot -c $CAP/dovecot.conf || log "dovecot failed to start"
start_exim
sw -t alice@mail.example.test -f sender@remote.test --header "Subject: pass2 local"
sw -t dave@lmtp.example.test,ghost@lmtp.example.test -f sender@remote.test --header "Subject: pass2 lmtp"
sw -t full@lmtp.example.test -f sender@remote.test --header "Subject: pass2 lmtp over quota" --body $RUN/medium.txt
sw -t ok20@sink.example.test,reject20@sink.example.test,tempfail20@sink.example.test -f alice@mail.example.test --header "Subject: pass2 remote mixed"
sw -p 587 -tls -a PLAIN -au alice@example.test -ap alicepw -f alice@mail.example.test -t ok21@sink.example.test --header "Subject: pass2 auth"
sw -p 587 -tls -a PLAIN -au alice@example.test -ap wrongpw -f alice@mail.example.test -t ok21@sink.example.test
usw 127.0.0.5 --ehlo client5.remote.test -t victim@elsewhere.test -f sender@remote.test
usw 127.0.0.5 --ehlo client5.remote.test -t nosuch@mail.example.test -f sender@remote.test
usw 127.0.0.66 --ehlo dnsbl.remote.test -t alice@mail.example.test -f spam@remote.test
usw 127.0.0.5 --ehlo client5.remote.test -t alice@mail.example.test -f sender@remote.test --header "Subject: data-reject marker"
raw 127.0.0.5 25 G S:'EHLO nomail.remote.test\r\n' R S:'QUIT\r\n' R
raw 127.0.0.1 25 G S:'EHLO tlsfail.example.test\r\n' R S:'STARTTLS\r\n' R S:'garbage\r\n' R
sleep 3
traffic_dovecot
/usr/sbin/exim4 -qff; sleep 3
stop_pidfile $RUN/exim.pid

# ================================================================ collect
log "collecting"
/usr/sbin/exim4 -bp > $LOGD/mailq-end.txt 2>&1
find /var/spool/exim4/input -type f -delete 2>/dev/null; find /var/spool/exim4/msglog -type f -delete 2>/dev/null
stop_pidfile /run/dovecot/master.pid
# restore a sane exim config (pass-1 setup, files + syslog)
write_exim_conf "syslog : $EXLOG/%slog" "$LOG_SELECTOR"
for f in mainlog rejectlog paniclog; do
  if [ -s $EXLOG/$f ]; then cp $EXLOG/$f "$OUT/exim/$f"; else log "$f is empty"; rm -f "$OUT/exim/$f"; fi
done
cp $LOGD/maillog-exim "$OUT/exim/maillog" 2>/dev/null
cp /var/log/dovecot.log "$OUT/dovecot/dovecot.log" 2>/dev/null
cp $LOGD/maillog-dovecot "$OUT/dovecot/maillog" 2>/dev/null
chmod 644 "$OUT"/exim/* "$OUT"/dovecot/* 2>/dev/null
cp $TRANSCRIPT "$OUT/exim/client-transcript.log.txt" 2>/dev/null
STATS_CMD="eximstats -nr -t10 mainlog"
{ echo "# generated by: $STATS_CMD"; (cd "$OUT/exim" && $STATS_CMD) 2>&1; } > "$OUT/exim/eximstats.txt"
rm -f "$OUT/exim/client-transcript.log.txt"; cp $TRANSCRIPT $LOGD/transcript-final.log 2>/dev/null
stop_all
trap - EXIT

log "summary"
wc -l "$OUT"/exim/* "$OUT"/dovecot/*
