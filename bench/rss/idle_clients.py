#!/usr/bin/env python3
"""Idle WebSocket clients (lightweight stand-in for IdleClients, no JVM): opens N connections
to 127.0.0.1:port with a minimal RFC 6455 handshake (own random key each), prints READY <total>,
then reads commands on stdin: 'more K' opens K more and prints READY <total>; EOF closes all.
Answers server pings (masked pong, zero key) so keepalive does not close anything."""
import base64, os, selectors, socket, sys

port = int(sys.argv[1]); first = int(sys.argv[2])
sel = selectors.DefaultSelector()
socks = []
bufs = {}

def connect(k):
    for i in range(k):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n" % key).encode())
        data = b""
        while b"\r\n\r\n" not in data:
            r = s.recv(1024)
            if not r:
                raise SystemExit("server closed connection %d" % len(socks))
            data += r
        if not data.startswith(b"HTTP/1.1 101"):
            raise SystemExit("not upgraded: %r" % data[:80])
        s.setblocking(False)
        socks.append(s)
        bufs[s] = data.split(b"\r\n\r\n", 1)[1]
        sel.register(s, selectors.EVENT_READ)
    print("READY %d" % len(socks), flush=True)

def pump(b, s):
    while len(b) >= 2:
        op = b[0] & 0x0f; ln = b[1] & 0x7f; h = 2
        if ln == 126: ln = int.from_bytes(b[2:4], "big"); h = 4
        elif ln == 127: ln = int.from_bytes(b[2:10], "big"); h = 10
        if len(b) < h + ln: break
        payload = b[h:h + ln]; b = b[h + ln:]
        if op == 0x9:
            try: s.send(bytes([0x8A, 0x80 | len(payload), 0, 0, 0, 0]) + payload)
            except OSError: pass
    return b

connect(first)
sel.register(sys.stdin, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        if key.fileobj is sys.stdin:
            line = sys.stdin.readline()
            if not line:
                for s in socks: s.close()
                sys.exit(0)
            if line.startswith("more"):
                connect(int(line.split()[1]))
        else:
            s = key.fileobj
            try: r = s.recv(4096)
            except OSError: r = b""
            if not r:
                sel.unregister(s); continue
            bufs[s] = pump(bufs[s] + r, s)
