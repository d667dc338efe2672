"""A fault-injecting TCP proxy (asyncio) for loopback: client → proxy → training platform.

It forwards bytes (HTTPS passes through untouched: the client still checks the platform's
certificate, which names 127.0.0.1) and breaks *exchanges*. An exchange starts each time the
client sends after the platform has sent (a TLS handshake, then each HTTP request on a
kept-alive connection); for each one a fault is drawn from the :class:`FaultMix`:

* ``latency`` — the request waits ``uniform(0, latency_max_s)`` (up to 10 s) before it goes
  on; if the client gives up meanwhile the request is still delivered afterwards, as a
  slow network would (the platform then applies a request whose client has moved on);
* ``reset_request`` — half of the request's first chunk goes through, then both sides get
  a TCP RST (SO_LINGER 0);
* ``reset_response`` — the request goes through, the platform answers (so it has applied
  it), half of the answer's first chunk reaches the client, then RST;
* ``truncate`` — as ``reset_response`` but the connection is closed cleanly (FIN): a
  truncated response;
* ``trickle`` — the answer reaches the client ``trickle_bytes`` at a time every
  ``trickle_gap_s``;
* ``blackhole`` — the request is swallowed; nothing comes back and nothing closes until
  the client times out.

:meth:`FaultProxy.outage` refuses every new connection (accepted and reset at once) and
cuts the open ones, until :meth:`FaultProxy.recover`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import socket
import struct
from collections import Counter
from dataclasses import asdict, dataclass

__all__ = ["FAULTS", "FaultMix", "FaultProxy", "ProxyProcess"]

FAULTS = ("latency", "reset_request", "reset_response", "truncate", "trickle", "blackhole")


@dataclass(frozen=True)
class FaultMix:
    """Probability of each fault per exchange (the rest pass cleanly)."""

    latency: float = 0.0
    reset_request: float = 0.0
    reset_response: float = 0.0
    truncate: float = 0.0
    trickle: float = 0.0
    blackhole: float = 0.0
    latency_max_s: float = 10.0
    trickle_bytes: int = 64
    trickle_gap_s: float = 0.02

    def draw(self, rng: random.Random) -> str | None:
        roll = rng.random()
        for name in FAULTS:
            share: float = getattr(self, name)
            if roll < share:
                return name
            roll -= share
        return None


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (not a FIN)."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class _Link:
    """One client connection and its upstream connection."""

    def __init__(
        self,
        proxy: FaultProxy,
        client_r: asyncio.StreamReader,
        client_w: asyncio.StreamWriter,
        up_r: asyncio.StreamReader,
        up_w: asyncio.StreamWriter,
    ) -> None:
        self.proxy = proxy
        self.client_r, self.client_w = client_r, client_w
        self.up_r, self.up_w = up_r, up_w
        self.last = ""  # direction of the last data: "up" (client → platform) or "down"
        self.fault: str | None = None
        self.closed = False

    def is_closed(self) -> bool:
        return self.closed

    def cut(self, *, clean: bool = False) -> None:
        if self.closed:
            return
        self.closed = True
        for writer in (self.client_w, self.up_w):
            if clean:
                writer.close()
            else:
                _reset(writer)

    async def upstream(self) -> None:
        proxy = self.proxy
        while not self.closed:
            data = await self.client_r.read(65536)
            if not data:
                break
            if self.last != "up":
                self.last = "up"
                self.fault = proxy.mix.draw(proxy.rng)
                if self.fault is not None:
                    proxy.stats[self.fault] += 1
                if self.fault == "latency":
                    await asyncio.sleep(proxy.rng.uniform(0.0, proxy.mix.latency_max_s))
                elif self.fault == "reset_request":
                    self.up_w.write(data[: max(1, len(data) // 2)])
                    with contextlib.suppress(ConnectionError):
                        await self.up_w.drain()
                    self.cut()
                    return
            if self.fault == "blackhole":
                continue  # swallowed
            if self.is_closed():  # cut while the request waited (latency)
                return
            self.up_w.write(data)
            await self.up_w.drain()
        if not self.closed:
            with contextlib.suppress(OSError):
                self.up_w.write_eof()

    async def downstream(self) -> None:
        proxy = self.proxy
        while not self.closed:
            data = await self.up_r.read(65536)
            if not data:
                break
            self.last = "down"
            if self.fault in ("reset_response", "truncate"):
                self.client_w.write(data[: max(1, len(data) // 2)])
                with contextlib.suppress(ConnectionError):
                    await self.client_w.drain()
                self.cut(clean=self.fault == "truncate")
                return
            if self.fault == "trickle":
                step = proxy.mix.trickle_bytes
                for at in range(0, len(data), step):
                    self.client_w.write(data[at : at + step])
                    await self.client_w.drain()
                    await asyncio.sleep(proxy.mix.trickle_gap_s)
                continue
            self.client_w.write(data)
            await self.client_w.drain()
        if not self.closed:
            self.cut(clean=True)


class FaultProxy:
    """``await proxy.start()`` → the local port; point the client at it."""

    def __init__(
        self, upstream_port: int, mix: FaultMix | None = None, *, seed: int | None = None
    ) -> None:
        self.upstream_port = upstream_port
        self.mix = mix or FaultMix()
        self.rng = random.Random(seed)
        self.stats: Counter[str] = Counter()
        self.down = False
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    def outage(self) -> None:
        """Refuse (reset) every connection, and cut the open ones, until :meth:`recover`."""
        self.down = True
        for link in list(self._links):
            link.cut()

    def recover(self) -> None:
        self.down = False

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for link in list(self._links):
            link.cut()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            if self.down:
                self.stats["refused"] += 1
                _reset(writer)
                return
            try:
                up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
            except OSError:
                _reset(writer)
                return
            link = _Link(self, reader, writer, up_r, up_w)
            self._links.add(link)
            try:
                pumps = [
                    asyncio.create_task(link.upstream()),
                    asyncio.create_task(link.downstream()),
                ]
                done, pending = await asyncio.wait(pumps, return_when=asyncio.FIRST_EXCEPTION)
                if any(t.exception() for t in done if not t.cancelled()):
                    link.cut()
                for t in pending:
                    if link.closed:
                        t.cancel()
                results = await asyncio.gather(*pumps, return_exceptions=True)
                del results
                link.cut(clean=True)
            finally:
                self._links.discard(link)
        finally:
            self._tasks.discard(task)


# --- the proxy in a process of its own -----------------------------------------------------
#
# So that its work does not count against the event loop under test. Commands on stdin, one
# a line, each answered by one JSON line: ``mix {FaultMix as JSON}``, ``outage``,
# ``recover``, ``stats``, ``quit``.


class ProxyProcess:
    """``await ProxyProcess.start(upstream_port, seed)``; then ``set_mix``, ``outage``..."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port

    @classmethod
    async def start(cls, upstream_port: int, *, seed: int | None = None) -> ProxyProcess:
        import sys

        command = [sys.executable, "-m", "reliability.faultproxy", str(upstream_port)]
        if seed is not None:
            command.append(str(seed))
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        assert process.stdout is not None
        line = await process.stdout.readline()
        return cls(process, int(json.loads(line)["port"]))

    async def _ask(self, command: str) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command.encode() + b"\n")
        await self.process.stdin.drain()
        answer: dict[str, object] = json.loads(await self.process.stdout.readline())
        return answer

    async def set_mix(self, mix: FaultMix) -> None:
        await self._ask("mix " + json.dumps(asdict(mix)))

    async def outage(self) -> None:
        await self._ask("outage")

    async def recover(self) -> None:
        await self._ask("recover")

    async def stats(self) -> dict[str, int]:
        return {k: int(str(v)) for k, v in (await self._ask("stats")).items()}

    async def close(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ConnectionError):
                await self._ask("quit")
            await self.process.wait()


async def _serve(upstream_port: int, seed: int | None) -> None:
    import sys

    if hasattr(os, "nice"):
        os.nice(10)  # it stands for the network: the client under test goes first
    proxy = FaultProxy(upstream_port, seed=seed)
    port = await proxy.start()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print(json.dumps({"port": port}), flush=True)
    while line := (await reader.readline()).decode().strip():
        command, _, arg = line.partition(" ")
        answer: dict[str, object] = {"ok": True}
        if command == "mix":
            proxy.mix = FaultMix(**json.loads(arg))
        elif command == "outage":
            proxy.outage()
        elif command == "recover":
            proxy.recover()
        elif command == "stats":
            answer = dict(proxy.stats)
        elif command == "quit":
            print(json.dumps(answer), flush=True)
            break
        print(json.dumps(answer), flush=True)
    await proxy.close()


if __name__ == "__main__":
    import sys

    asyncio.run(_serve(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else None))
