"""A TCP proxy on loopback that a test (or bench/chaos.py) can cut or freeze.

It stands between the app and a dependency (PostgreSQL, Redis) on a port of its own, so a test
can take the dependency away without touching the real server other people use:

- `cut()` drops every connection and refuses new ones (a server gone, a network cut);
- `pause()` keeps connections open but forwards nothing (a server frozen, a half-open link);
- `restore()` / `resume()` bring it back on the same port.
"""

import contextlib
import select
import socket
import threading
import time


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, listen_port: int = 0):
        self.target = (target_host, target_port)
        self.port = listen_port
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._paused = threading.Event()
        self._stopped = threading.Event()

    def start(self) -> "TcpProxy":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stopped.clear()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        # While paused, a new connection is held open without reaching the server.
        while self._paused.is_set() and not self._stopped.is_set():
            time.sleep(0.05)
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            if self._stopped.is_set():
                client.close()
                upstream.close()
                return
            self._sockets.update((client, upstream))
        pair = {client: upstream, upstream: client}
        try:
            while not self._stopped.is_set():
                if self._paused.is_set():
                    time.sleep(0.05)  # read nothing: both ends wait, as on a frozen server
                    continue
                readable, _, _ = select.select(list(pair), [], [], 0.2)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    pair[source].sendall(data)
        except OSError:
            return
        finally:
            with self._lock:
                self._sockets.discard(client)
                self._sockets.discard(upstream)
            for each in (client, upstream):
                with contextlib.suppress(OSError):
                    each.close()

    def cut(self) -> None:
        """Drop every connection and refuse new ones until `restore()`."""
        self._stopped.set()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for each in list(self._sockets):
                with contextlib.suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
                each.close()
            self._sockets.clear()

    def restore(self) -> None:
        self.start()

    def pause(self) -> None:
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def close(self) -> None:
        self._paused.clear()
        self.cut()
