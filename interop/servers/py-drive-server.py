"""A server on python3-websockets that drives a client which echoes (sockjet connect --echo): on
each connection it sends text, unicode, empty, binary, 1 MiB and 100 ordered messages and a ping,
expects every message back unchanged (same type, same order) and the pong, then closes with 1000
"all echoed", or with 4001 and the first failure as the reason.
Prints "PORT <n>" once listening, then one line per check ("PASS name" / "FAIL name: why").
Stops on stdin EOF."""
import asyncio
import sys

import websockets

TIMEOUT = 10
BIG = bytes((i * 31 + (i >> 11)) & 0xFF for i in range(1 << 20))
SCRIPT = [("text", "hello"), ("unicode", "héllo wörld 🎉"), ("empty", ""),
          ("binary", bytes(range(256))), ("1 MiB", BIG)] + [("100 in order", f"n{i}") for i in range(100)]


async def drive(ws, path=None):
    names = list(dict.fromkeys(name for name, _ in SCRIPT)) + ["ping/pong"]
    failures = {}
    for _, message in SCRIPT:
        await ws.send(message)
    pong = await ws.ping(b"are you there")
    for name, sent in SCRIPT:
        try:
            got = await asyncio.wait_for(ws.recv(), TIMEOUT)
        except asyncio.TimeoutError:
            failures.setdefault(name, f"no echo within {TIMEOUT} s")
            break
        if type(got) is not type(sent):
            failures.setdefault(name, f"came back as {type(got).__name__}")
        elif got != sent:
            failures.setdefault(name, "came back changed")
    try:
        await asyncio.wait_for(pong, TIMEOUT)
    except asyncio.TimeoutError:
        failures["ping/pong"] = f"no pong within {TIMEOUT} s"
    for name in names:
        print(f"FAIL {name}: {failures[name]}" if name in failures else f"PASS {name}", flush=True)
    if failures:
        name, why = next(iter(failures.items()))
        await ws.close(4001, f"{name}: {why}"[:120])
    else:
        await ws.close(1000, "all echoed")


async def main():
    async with websockets.serve(drive, "127.0.0.1", 0, max_size=64 * 1024 * 1024) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"PORT {port}", flush=True)
        # Closing our stdin stops us.
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


asyncio.run(main())
