"""Echo server on python3-websockets, a peer no one here wrote. Prints "PORT <n>" once listening.
A text message "close:<code>:<reason>" makes the server close with that code and reason.
--max-size N: messages over N bytes close the connection with 1009 (default 64 MiB).
--late MS: every echo goes out MS milliseconds late."""
import asyncio
import sys

import websockets


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


LATE = arg("--late", 0) / 1000


async def echo(ws, path=None):
    async for message in ws:
        if isinstance(message, str) and message.startswith("close:"):
            _, code, reason = message.split(":", 2)
            await ws.close(int(code), reason)
            return
        if LATE:
            await asyncio.sleep(LATE)
        await ws.send(message)


async def main():
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=arg("--max-size", 64 * 1024 * 1024)) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"PORT {port}", flush=True)
        loop = asyncio.get_running_loop()
        # The test closes our stdin to stop us.
        await loop.run_in_executor(None, sys.stdin.read)


asyncio.run(main())
