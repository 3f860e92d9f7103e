#!/usr/bin/env python3
"""Tiny multi-port SMTP sink for the mailsight Postfix capture (loopback only).

Modes per port (argv: CERT KEY then port=mode pairs):
  normal   STARTTLS + AUTH offered; rcpt local part decides the answer:
           reject*   -> 550 at RCPT, tempfail* -> 450 at RCPT,
           bigreject* -> 552 at end of DATA, slow* -> sleeps 20s before end-of-DATA answer,
           save* -> message saved to $SINK_SAVE_DIR/<rcpt>.eml
  notls    like normal but no STARTTLS offered
  authfail like normal but every AUTH gets 535
  hangup   closes the connection right after accept
  refuse   greets with 554 and closes after QUIT
"""
import os, socket, ssl, sys, threading, time, base64
SAVE_DIR = os.environ.get('SINK_SAVE_DIR')

CERT, KEY = sys.argv[1], sys.argv[2]
PORTS = [(int(p.split('=')[0]), p.split('=')[1]) for p in sys.argv[3:]]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(CERT, KEY)
qid = [0]

def handle(conn, mode):
    f = conn.makefile('rwb')
    def send(line):
        f.write(line.encode() + b'\r\n'); f.flush()
    if mode == 'hangup':
        conn.close(); return
    if mode == 'refuse':
        send('554 5.7.1 sink.example.test go away')
    else:
        send('220 sink.example.test ESMTP test sink')
    rcpts = []; tls = False
    try:
        while True:
            line = f.readline()
            if not line:
                return
            cmd = line.decode('latin1').strip()
            u = cmd.upper()
            if u.startswith('EHLO'):
                if mode == 'refuse':
                    send('503 5.5.1 go away'); continue
                send('250-sink.example.test'); send('250-PIPELINING'); send('250-SIZE 10240000')
                if mode != 'notls' and not tls:
                    send('250-STARTTLS')
                send('250-AUTH PLAIN LOGIN'); send('250-8BITMIME'); send('250 DSN')
            elif u.startswith('HELO'):
                send('250 sink.example.test')
            elif u == 'STARTTLS' and mode != 'notls':
                send('220 2.0.0 Ready to start TLS')
                f.flush()
                conn = ctx.wrap_socket(conn, server_side=True)
                f = conn.makefile('rwb'); tls = True
            elif u.startswith('AUTH'):
                parts = cmd.split()
                if len(parts) == 2 and parts[1].upper() == 'LOGIN':
                    send('334 VXNlcm5hbWU6'); f.readline(); send('334 UGFzc3dvcmQ6'); f.readline()
                elif len(parts) == 2:
                    send('334 '); f.readline()
                if mode == 'authfail':
                    send('535 5.7.8 Error: authentication failed: bad credentials')
                else:
                    send('235 2.7.0 Authentication successful')
            elif u.startswith('MAIL FROM'):
                rcpts = []; send('250 2.1.0 Ok')
            elif u.startswith('RCPT TO'):
                addr = cmd[cmd.find(':') + 1:].strip().split()[0].strip('<>').lower()
                lp = addr.split('@')[0]
                if lp.startswith('reject'):
                    send('550 5.1.1 <%s>: Recipient address rejected: User unknown in sink' % addr)
                elif lp.startswith('tempfail'):
                    send('450 4.2.0 <%s>: Recipient address rejected: mailbox busy, try later' % addr)
                else:
                    rcpts.append(lp); send('250 2.1.5 Ok')
            elif u == 'DATA':
                if not rcpts:
                    send('554 5.5.1 Error: no valid recipients'); continue
                send('354 End data with <CR><LF>.<CR><LF>')
                size = 0; data = []
                while True:
                    l = f.readline()
                    if not l or l in (b'.\r\n', b'.\n'):
                        break
                    size += len(l); data.append(l[1:] if l.startswith(b'..') else l)
                for r in rcpts:
                    if r.startswith('save') and SAVE_DIR:
                        os.makedirs(SAVE_DIR, exist_ok=True)
                        with open(os.path.join(SAVE_DIR, r + '@sink.example.test.eml'), 'wb') as out:
                            out.write(b''.join(data))
                if any(r.startswith('slow') for r in rcpts):
                    time.sleep(20)
                if any(r.startswith('bigreject') for r in rcpts):
                    send('552 5.3.4 Message size %d exceeds sink policy' % size)
                else:
                    qid[0] += 1
                    send('250 2.0.0 Ok: queued as SINK%05X' % qid[0])
            elif u == 'RSET' or u == 'NOOP':
                send('250 2.0.0 Ok')
            elif u == 'QUIT':
                send('221 2.0.0 Bye'); return
            else:
                send('502 5.5.2 Error: command not recognized')
    except Exception:
        pass
    finally:
        try: conn.close()
        except Exception: pass

def serve(port, mode):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', port)); s.listen(20)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c, mode), daemon=True).start()

for p, m in PORTS:
    threading.Thread(target=serve, args=(p, m), daemon=True).start()
while True:
    time.sleep(3600)
