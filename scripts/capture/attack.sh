#!/usr/bin/env bash
# Capture a real attack scenario on the throw-away server of postfix.sh (Postfix 3.7 + Dovecot 2.3, Debian 12),
# with normal traffic around it, and write the ground truth: what the driver did, which rule must fire for which
# entity. Run as root. Loopback only. Usage: attack.sh [OUTDIR]   (default scripts/capture/out-attack)
# SKIP_INSTALL=1 skips apt-get (see README.md).
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUTDIR="${1:-$HERE/out-attack}"
mkdir -p "$OUTDIR"; OUTDIR="$(cd "$OUTDIR" && pwd)"
MAILCAP_SETUP_ONLY=1
# shellcheck source=postfix.sh
. "$HERE/postfix.sh" "$OUTDIR"
TRUTH=$OUTDIR/attack.truth

# a mailbox with a tiny quota (Dovecot's quota plugin), for the mailbox-full streak
echo 'full@lmtp.example.test:{PLAIN}fullpw::::::userdb_quota_rule=*:storage=1K' >> $CAP/dovecot.passwd
cat >> $CAP/dovecot.conf <<'CONF'
mail_plugins = $mail_plugins quota
plugin {
  quota = maildir:User quota
}
CONF
echo 'full@lmtp.example.test       lmtp' >> $ETC/vmailbox; postmap $ETC/vmailbox

# imap/pop3 logins from a chosen loopback address (Dovecot listens on 127.0.0.1)
imap_login() { # imap_login FROM_IP USER PASSWORD
  python3 - "$@" >> $TRANSCRIPT 2>&1 <<'PY'
import imaplib, socket, sys
src, user, pw = sys.argv[1:4]
class C(imaplib.IMAP4):
    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(src, 0))
try:
    m = C("127.0.0.1"); m.login(user, pw); m.select("INBOX"); m.logout(); print("imap", src, user, "ok")
except Exception as e:
    print("imap", src, user, "failed:", e)
PY
}
# an SMTP AUTH submission on 587 from a chosen loopback address
submit() { # submit FROM_IP USER PASSWORD [swaks args]
  local ip=$1 u=$2 p=$3; shift 3
  sw --local-interface "$ip" -p 587 -tls -a PLAIN -au "$u" -ap "$p" -f "$u" "$@"
}
# parallel clients; join waits for them only (not for the sink started in the background)
PIDS=()
par() { "$@" & PIDS+=($!); }
join() { [ ${#PIDS[@]} -gt 0 ] && wait "${PIDS[@]}"; PIDS=(); }
truth() { # truth RULE ENTITY WHAT...
  local r=$1 e=$2; shift 2; printf '%s\t%s\t%s\t%s\n' "$r" "$e" "$(date -u +%FT%TZ)" "$*" >> $TRUTH
}

log "starting daemons"
dovecot -c $CAP/dovecot.conf || { log "dovecot failed to start"; exit 1; }
start_sink
sed -i 's|@MILTERS@||' /etc/postfix/main.cf
# Postfix writes its own log file (postlogd): a process that joins later still logs when /dev/log is gone or
# replaced (a shared /dev on a busy build machine), which would lose lines of syslog
postconf -e maillog_file=/var/log/postfix.log
rm -f /var/log/postfix.log
postfix start; sleep 3
printf '# rule\tentity\twhen (UTC, driver clock)\twhat the driver did\n' > $TRUTH

normal() {
  log "normal traffic"
  sw -p 587 -tls -a PLAIN -au bob@example.test -ap bobpw -f bob@example.test -t ok1@sink.example.test --header "Subject: normal 1"
  sw -p 587 -tls -a LOGIN -au bob@example.test -ap bobpw -f bob@example.test -t ok2@sink.example.test,alice@mail.example.test
  sw -p 465 --tls-on-connect -a PLAIN -au alice@example.test -ap alicepw -f alice@example.test -t ok3@sink.example.test
  sw -t alice@mail.example.test -f sender@remote.test --header "Subject: inbound"
  sw -t dave@lmtp.example.test,erin@lmtp.example.test -f sender@remote.test --header "Subject: to dovecot"
  imap_login 127.0.0.1 dave@lmtp.example.test davepw
  imap_login 127.0.0.1 erin@lmtp.example.test erinpw
  # a typo, then the right password: one failure is not an attack
  imap_login 127.0.0.20 dave@lmtp.example.test davepw-typo
  imap_login 127.0.0.20 dave@lmtp.example.test davepw
  submit 127.0.0.21 bob@example.test bobpw-typo -t ok4@sink.example.test
  submit 127.0.0.21 bob@example.test bobpw -t ok4@sink.example.test
  sleep 2
}

normal

log "attack: outbound burst, 130 authenticated submissions from 127.0.0.30 as alice@example.test"
truth mail-outbound-burst-account alice@example.test "130 messages submitted on 587 with SASL PLAIN from 127.0.0.30 as fast as possible"
truth mail-outbound-burst-ip 127.0.0.30 "the same 130 messages, all from 127.0.0.30"
truth mail-outbound-burst-sender alice@example.test "the same 130 messages, envelope sender alice@example.test"
for i in $(seq 1 130); do
  par submit 127.0.0.30 alice@example.test alicepw -t "burst$((i % 7))@sink.example.test" --header "Subject: burst $i"
  [ $((i % 10)) = 0 ] && join
done
join

log "attack: brute force from 127.0.0.31 against bob@example.test (SMTP AUTH, 12 tries)"
truth mail-auth-failures-account bob@example.test "12 wrong passwords for bob@example.test on 587 from 127.0.0.31"
truth mail-auth-failures-ip 127.0.0.31 "the same 12 failed logins"
for i in $(seq 1 12); do par submit 127.0.0.31 bob@example.test "guess$i" -t ok5@sink.example.test; done
join

log "attack: spraying from 127.0.0.32 over 12 accounts (IMAP)"
truth mail-password-spraying 127.0.0.32 "one wrong IMAP login each for 12 accounts from 127.0.0.32"
truth mail-auth-failures-ip 127.0.0.32 "the same 12 failed logins"
for u in alice@example.test bob@example.test dave@lmtp.example.test postmaster@example.test \
         admin@example.test info@example.test sales@example.test support@example.test \
         test@example.test office@example.test billing@example.test webmaster@example.test; do
  par imap_login 127.0.0.32 "$u" Summer2026
done
join

log "attack: 4 failures then success for erin@lmtp.example.test from 127.0.0.33 (IMAP)"
truth mail-login-after-failures erin@lmtp.example.test "4 wrong IMAP passwords, then the right one, from 127.0.0.33"
for i in 1 2 3 4; do imap_login 127.0.0.33 erin@lmtp.example.test "erin$i"; done
imap_login 127.0.0.33 erin@lmtp.example.test erinpw

log "attack: mailbox-full streak (4 messages to full@lmtp.example.test, 1K quota)"
truth mail-mailbox-full full@lmtp.example.test "4 messages of 4 KB to a mailbox with a 1 KB quota"
body=$(head -c 3000 /dev/zero | tr '\0' 'x')
for i in 1 2 3 4; do sw -t full@lmtp.example.test -f sender@remote.test --header "Subject: fill $i" --body "$body"; sleep 1; done

log "attack: DNSBL-listed client 127.0.0.66 (postscreen)"
truth mail-dnsbl-listed-client 127.0.0.66 "3 connections to port 25 from 127.0.0.66, listed by dnsbl.example.test"
for i in 1 2 3; do usw 127.0.0.66 --ehlo dnsbl.remote.test -f spam@remote.test -t alice@mail.example.test; sleep 1; done

normal
sleep 5; wait_queue 60
postfix stop; sleep 2
postconf -e maillog_file=
kill "$(cat /run/dovecot/master.pid 2>/dev/null)" 2>/dev/null; sleep 1
cp /var/log/postfix.log "$OUTDIR/postfix.log"
cp /var/log/dovecot.log "$OUTDIR/dovecot.log" && chmod 644 "$OUTDIR/dovecot.log"
cp $TRANSCRIPT "$OUTDIR/client-transcript.log"
stop_all
trap - EXIT
log "done"
wc -l "$OUTDIR"/postfix.log "$OUTDIR"/dovecot.log "$TRUTH"
