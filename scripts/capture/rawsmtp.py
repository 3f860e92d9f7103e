#!/usr/bin/env python3
"""Scripted raw TCP client (loopback only) used to provoke protocol errors.
usage: rawsmtp.py SRC_IP DST_PORT STEP...
  S:text   send text (python escapes like \\r\\n honoured)
  R        read one chunk (up to 2s)
  G        read the complete 220 greeting (up to 10s)
  RW:secs  read one chunk, waiting up to secs
  W:secs   sleep
  T        wrap the socket in TLS (after STARTTLS)
  X        close abruptly (RST)
Always closes at the end; never raises.
"""
import socket, ssl, struct, sys, time
src, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(); s.bind((src, 0)); s.settimeout(2)
try:
    s.connect(('127.0.0.1', port))
    for st in sys.argv[3:]:
        if st.startswith('S:'):
            s.sendall(st[2:].encode('latin1').decode('unicode_escape').encode('latin1'))
        elif st == 'R':
            try:
                s.settimeout(float(2)); d = s.recv(65536)
                sys.stdout.write(d.decode('latin1'))
            except socket.timeout:
                pass
        elif st == 'G':
            # read the full greeting: postscreen sends "220-" first and "220 " after greet_wait
            buf = b''; end = time.time() + 10; s.settimeout(10)
            while time.time() < end and not any(l.startswith(b'220 ') or l[:1] in (b'4', b'5') for l in buf.split(b'\r\n')):
                try:
                    d = s.recv(65536)
                except socket.timeout:
                    break
                if not d: break
                buf += d
            sys.stdout.write(buf.decode('latin1'))
        elif st.startswith('RW:'):
            s.settimeout(float(st[3:]))
            try:
                d = s.recv(65536); sys.stdout.write(d.decode('latin1'))
            except socket.timeout:
                pass
        elif st.startswith('W:'):
            time.sleep(float(st[2:]))
        elif st == 'T':
            c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); c.check_hostname = False; c.verify_mode = ssl.CERT_NONE
            s = c.wrap_socket(s)
        elif st == 'X':
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            break
except Exception as e:
    sys.stdout.write('rawsmtp: %s\n' % e)
finally:
    try: s.close()
    except Exception: pass
