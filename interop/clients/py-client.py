"""Checks a WebSocket echo server with python3-websockets, a peer no one here wrote.
Usage: /usr/bin/python3 py-client.py URL
Prints one line per check: "PASS name", "FAIL name: why" or "INFO ..."; exits 1 if any failed."""
import asyncio
import sys

import websockets

TIMEOUT = 10
failed = False


def report(name, error):
    global failed
    if error is None:
        print(f"PASS {name}", flush=True)
    else:
        failed = True
        print(f"FAIL {name}: {error}", flush=True)


async def check(name, body):
    try:
        await asyncio.wait_for(body(), TIMEOUT)
        report(name, None)
    except asyncio.TimeoutError:
        report(name, f"nothing within {TIMEOUT} s")
    except Exception as e:  # a failed check must not stop the others
        report(name, f"{type(e).__name__}: {e}")


def same(got, want):
    if type(got) is not type(want):
        raise AssertionError(f"got a {type(got).__name__} message, expected {type(want).__name__}")
    if got != want:
        raise AssertionError(f"got {got[:24]!r} ({len(got)}), expected {want[:24]!r} ({len(want)})")


def negotiated(ws):
    headers = getattr(ws, "response_headers", None)  # websockets < 13
    if headers is None:
        headers = ws.response.headers
    return headers.get("Sec-WebSocket-Extensions") or "none"


async def main(url):
    try:
        ws = await asyncio.wait_for(websockets.connect(url, max_size=64 << 20), TIMEOUT)
    except Exception as e:
        report("open", f"{type(e).__name__}: {e}")
        return
    report("open", None)
    print(f"INFO websockets {websockets.__version__} offered permessage-deflate; "
          f"negotiated: {negotiated(ws)}", flush=True)

    async def echo(message):
        await ws.send(message)
        same(await ws.recv(), message)

    await check("text", lambda: echo("hello"))
    await check("unicode", lambda: echo("héllo wörld 🎉"))
    await check("empty", lambda: echo(""))
    await check("binary", lambda: echo(bytes(range(256))))
    await check("1 MiB", lambda: echo(bytes((i * 31 + (i >> 11)) & 0xFF for i in range(1 << 20))))

    async def in_order():
        for i in range(100):
            await ws.send(f"n{i}")
        for i in range(100):
            same(await ws.recv(), f"n{i}")

    await check("100 in order", in_order)

    async def ping():
        await (await ws.ping(b"are you there"))

    await check("ping/pong", ping)

    async def close():
        await ws.close(4000, "bye")
        if (ws.close_code, ws.close_reason) != (4000, "bye"):
            raise AssertionError(f"closed with {ws.close_code} {ws.close_reason!r}, expected 4000 'bye'")

    await check("close 4000 bye", close)


asyncio.run(main(sys.argv[1]))
sys.exit(1 if failed else 0)
