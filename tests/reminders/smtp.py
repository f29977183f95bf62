"""A real SMTP server on loopback (aiosmtpd in a thread) that records what it accepts.

It can be told to refuse for a while (421/451, transient) or for good (550), or to go away
altogether (connection refused), so the tests see the send path's retries and failures against
a real server. Used by the tests and by bench/bench_reminders.py.
"""

import asyncio
import email
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from functools import cached_property

from aiosmtpd.controller import Controller

# aiosmtpd logs every connection at INFO; the tests' output is about our code.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)


@dataclass
class Received:
    recipients: list[str]
    raw: bytes
    at: float  # time.monotonic() when accepted

    @cached_property
    def message(self) -> EmailMessage:
        # Parsed on first look, not on receipt: the server stays fast for the benchmark.
        return email.message_from_bytes(self.raw, policy=policy.default)

    @property
    def message_id(self) -> str:
        found = MESSAGE_ID.search(self.raw)
        return found.group(1).decode() if found else ""

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)
    # While refusals > 0 (or < 0: for ever), each DATA is answered with `refusal` instead of 250.
    refusal: str = "421 4.3.2 Service not available, try again later"
    refusals: int = 0
    refused: int = 0
    # An RCPT reply to give instead of 250 (e.g. "550 5.1.1 No such user").
    rcpt_reply: str = ""
    delay: float = 0.0
    # The next `hold` messages are stored (the server has them, as a real one would deliver
    # them) and their 250 reply held back until `release` is set: a test kills the sender in
    # exactly the window between the server's acceptance and the sender's commit.
    hold: int = 0
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    held: int = 0
    # DATA commands being answered right now (inside handle_DATA): see settle().
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.in_flight += 1
        try:
            return await self._answer_data(envelope)
        finally:
            with self.lock:
                self.in_flight -= 1

    async def _answer_data(self, envelope):
        with self.lock:
            if self.refusals:
                self.refusals -= 1 if self.refusals > 0 else 0
                self.refused += 1
                return self.refusal
        if self.delay:
            await asyncio.sleep(self.delay)
        raw = bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), raw, time.monotonic()))
            held = self.hold > 0
            if held:
                self.hold -= 1
                self.held += 1
                self.holding.set()
        while held and not self.release.is_set():
            await asyncio.sleep(0.05)
        return "250 2.0.0 OK: queued"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def settle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Wait until no DATA is being answered and nothing new has arrived for `quiet` seconds.

        A sender killed while the server sleeps in `delay` (or while its last bytes still sit
        in the socket) leaves a message the server stores a moment later, as a real server
        would deliver it: a test that reads what was accepted "before the kill" reads it only
        after this, or it misses a message that belongs to the window."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            with self.lock:
                busy, now_seen = self.in_flight, len(self.received)
            if not busy and now_seen == seen:
                return
            seen = now_seen
            time.sleep(quiet)
        raise TimeoutError("the SMTP server was still receiving after the sender was killed")

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.refusals = self.refused = 0
            self.rcpt_reply = ""
            self.delay = 0.0


class SmtpServer:
    """Start with `start()`; `stop()` makes the port refuse connections until `start()` again."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
