"""A fake of Twilio's Messages API on loopback (a threaded http.server), recording every text.

Only what lies outside the machine is faked: the app's Twilio backend, Twilio's own Python
client and its HTTP stack all run for real against it (TWILIO_API_BASE_URL). It checks the
account's Basic auth and the request's shape as Twilio does, answers 201 with a Message
resource, and can be told to fail (429, 500, or Twilio's 400 with code 21610 "unsubscribed"),
to be slow, or to hold its answer after recording a text (the outbox's window, on purpose).
"""

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 30
AUTH_TOKEN = "fake-auth-token-" + "1" * 16
FROM_NUMBER = "+16175550000"


@dataclass
class Text:
    to: str
    body: str
    sender: str  # From, or the Messaging Service's id
    sid: str
    at: float  # time.monotonic() when recorded


@dataclass(frozen=True)
class Failure:
    status: int
    code: int
    message: str


TOO_MANY = Failure(429, 20429, "Too Many Requests")
SERVER_ERROR = Failure(500, 20500, "Internal Server Error")
# Twilio's wording includes the number, which is why the app must never keep the message.
UNSUBSCRIBED = Failure(400, 21610, "Attempt to send to unsubscribed recipient {to}")


@dataclass
class FakeState:
    texts: list[Text] = field(default_factory=list)
    # The next `failures` requests answer with `failure` (negative: every one, until told).
    failure: Failure = SERVER_ERROR
    failures: int = 0
    failed: int = 0
    delay: float = 0.0
    # As the SMTP fake: the next `hold` texts are recorded, their answer held until `release`.
    hold: int = 0
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    held: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> list[Text]:
        with self.lock:
            return list(self.texts)

    def count(self) -> int:
        with self.lock:
            return len(self.texts)

    def to(self, number: str) -> list[Text]:
        return [text for text in self.snapshot() if text.to == number]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet, like a real API
        pass

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        expected = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        with state.lock:
            state.requests += 1
        if self.headers.get("Authorization") != f"Basic {credentials}":
            self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
            return
        if self.path != expected:
            self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
            return
        sender = form.get("From") or form.get("MessagingServiceSid") or ""
        if not form.get("To") or not form.get("Body") or not sender:
            self._answer(400, {"code": 21604, "message": "Missing parameter", "status": 400})
            return
        if state.delay:
            time.sleep(state.delay)
        with state.lock:
            failing = state.failures != 0
            if failing:
                state.failures -= 1 if state.failures > 0 else 0
                state.failed += 1
                failure = state.failure
        if failing:
            self._answer(
                failure.status,
                {
                    "code": failure.code,
                    "message": failure.message.format(to=form["To"]),
                    "more_info": f"https://www.twilio.com/docs/errors/{failure.code}",
                    "status": failure.status,
                },
            )
            return
        sid = "SM" + secrets.token_hex(16)
        with state.lock:
            state.texts.append(Text(form["To"], form["Body"], sender, sid, time.monotonic()))
            held = state.hold > 0
            if held:
                state.hold -= 1
                state.held += 1
                state.holding.set()
        while held and not state.release.wait(0.05):
            pass
        self._answer(
            201,
            {
                "sid": sid,
                "account_sid": ACCOUNT_SID,
                "to": form["To"],
                "from": form.get("From"),
                "messaging_service_sid": form.get("MessagingServiceSid"),
                "body": form["Body"],
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
            },
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: FakeState


class FakeTwilio:
    """`start()` binds 127.0.0.1 on a port the OS picks; `stop()` closes it."""

    def __init__(self) -> None:
        self.state = FakeState()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeTwilio":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def settings_env(self, **more: str) -> dict[str, str]:
        """The environment a worker needs to text through this fake."""
        return {
            "SMS_BACKEND": "screening.reminders.twilio_sms.TwilioSmsBackend",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_API_BASE_URL": self.url,
            "TWILIO_TIMEOUT": "5",
            **more,
        }

    def use_in(self, settings, **more: object) -> None:
        """Point this process's settings at the fake."""
        for name, value in self.settings_env().items():
            setattr(settings, name, value)
        settings.TWILIO_TIMEOUT = 5.0
        for name, value in more.items():
            setattr(settings, name, value)
