#!/usr/bin/env bash
# Run postfix.sh or exim.sh inside a Debian chroot (default: Debian 13 "trixie"), the daemons in their own
# network namespace with only a loopback, so they never meet the host's own MTA on port 25.
# Run as root. Usage: chroot.sh postfix|exim OUTDIR
#   ROOT=/work/chroots/trixie SUITE=trixie MIRROR=http://deb.debian.org/debian QUICK=1 (passed on)
# Postfix and Exim conflict: each run installs its MTA, which removes the other one.
set -eu
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WHAT="${1:?usage: chroot.sh postfix|exim OUTDIR}"
OUT="$(realpath -m "${2:?usage: chroot.sh postfix|exim OUTDIR}")"
ROOT="${ROOT:-/work/chroots/trixie}"
SUITE="${SUITE:-trixie}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
case "$WHAT" in postfix|exim) ;; *) echo "chroot.sh: first argument must be postfix or exim, not '$WHAT'" >&2; exit 2;; esac
[ "$(id -u)" = 0 ] || { echo "chroot.sh: must run as root (debootstrap, chroot and unshare need it)" >&2; exit 1; }

log() { printf '\n=== [%s] %s\n' "$(date -u +%T)" "$*" >&2; }
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  log "debootstrap $SUITE into $ROOT"
  mkdir -p "$ROOT"
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR"
fi

mounted() { grep -q " $1 " /proc/mounts; }
mounted "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
mounted "$ROOT/sys" || mount -t sysfs sys "$ROOT/sys"
# the chroot keeps debootstrap's own /dev nodes: never bind the host's /dev, or the chroot's rsyslog would
# take over the host's /dev/log (and the host's syslog lines, and those of anyone capturing on the host)
for d in null zero full random urandom tty; do [ -c "$ROOT/dev/$d" ] || { echo "chroot.sh: $ROOT/dev/$d is missing; re-run debootstrap" >&2; exit 1; }; done
cleanup() { for m in sys proc; do umount "$ROOT/$m" 2>/dev/null || true; done; }
trap cleanup EXIT
# a capture running on the host points its resolv.conf at a dnsmasq that never forwards: use the saved original
RESOLV=/etc/resolv.conf
for f in /etc/resolv.conf.mailcap-orig /etc/resolv.conf.eximcap-orig; do [ -s "$f" ] && RESOLV=$f; done
cp "$RESOLV" "$ROOT/etc/resolv.conf"
# packages must not start their daemons in the chroot: the capture starts them itself
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"; chmod +x "$ROOT/usr/sbin/policy-rc.d"

rm -rf "$ROOT/capture" && mkdir -p "$ROOT/capture" && cp -a "$HERE"/. "$ROOT/capture/"
log "installing packages for $WHAT (network needed: outside the namespace)"
chroot "$ROOT" env INSTALL_ONLY=1 bash /capture/$WHAT.sh /capture-out
chroot "$ROOT" apt-get install -y -q iproute2 >/dev/null

log "capturing $WHAT in its own network namespace"
rm -rf "$ROOT/capture-out"
unshare -n chroot "$ROOT" env SKIP_INSTALL=1 QUICK="${QUICK:-0}" bash -c \
  "ip link set lo up && bash /capture/$WHAT.sh /capture-out"
mkdir -p "$OUT" && cp -a "$ROOT/capture-out"/. "$OUT/"
log "done: $OUT"
ls -l "$OUT"
