"""One total deadline per call to an identity provider: connection, headers and body together.

Socket timeouts bound each read, not the call: a provider that answers one byte per second never
trips them and can hold a portal worker for as long as it likes. So every call registers its
sockets here, and one watchdog thread per process shuts down the sockets of a call whose
deadline has passed; the blocked read then fails at once and the call is reported as a timeout.
Registering costs a lock and a heap push, not a thread per call.
"""

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time


class Deadline:
    """The time limit of one call; ``expired`` tells why its connection failed."""

    __slots__ = ("at", "done", "expired", "sockets")

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.sockets: list = []
        self.expired = False
        self.done = False

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def watch(self, sock) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it has passed)."""
        with _lock:
            if self.expired:
                _shut(sock)
            else:
                self.sockets.append(sock)

    def finish(self) -> None:
        """The call is over: its sockets (back in the pool) are no longer watched."""
        with _lock:
            self.done = True
            self.sockets.clear()


def _shut(sock) -> None:
    # The plain socket's shutdown, also under TLS: ssl.SSLSocket.shutdown would drop its TLS
    # object under the feet of the thread reading it. urllib3's TLS-in-TLS wraps a `.socket`.
    raw = sock if isinstance(sock, socket.socket) else getattr(sock, "socket", None)
    if isinstance(raw, socket.socket):
        with contextlib.suppress(OSError):  # already closed
            socket.socket.shutdown(raw, socket.SHUT_RDWR)


_lock = threading.Lock()
_wake = threading.Condition(_lock)
_pending: list[tuple[float, int, Deadline]] = []
_order = itertools.count()  # ties in the heap never compare two Deadline objects
_watchdog_started = False


def _after_fork_in_child() -> None:
    """A forked worker (gunicorn) has no watchdog thread, and maybe a lock its parent held."""
    global _lock, _wake, _pending, _watchdog_started
    _lock = threading.Lock()
    _wake = threading.Condition(_lock)
    _pending = []
    _watchdog_started = False


os.register_at_fork(after_in_child=_after_fork_in_child)


def _watch_forever() -> None:
    with _wake:
        while True:
            if not _pending:
                _wake.wait()
                continue
            at, _, deadline = _pending[0]
            wait = at - time.monotonic()
            if wait > 0:
                _wake.wait(wait)
                continue
            heapq.heappop(_pending)
            if not deadline.done:
                deadline.expired = True
                for sock in deadline.sockets:
                    _shut(sock)
                deadline.sockets.clear()


def deadline_start(seconds: float) -> Deadline:
    """A deadline ``seconds`` from now, watched by this process's watchdog thread."""
    global _watchdog_started
    deadline = Deadline(seconds)
    with _wake:
        if not _watchdog_started:
            threading.Thread(target=_watch_forever, name="idp-call-deadlines", daemon=True).start()
            _watchdog_started = True
        earliest = _pending[0][0] if _pending else None
        heapq.heappush(_pending, (deadline.at, next(_order), deadline))
        if earliest is None or deadline.at < earliest:
            _wake.notify()
    return deadline


_current = threading.local()


def current_deadline() -> Deadline | None:
    """The deadline of the call this thread is making, if any."""
    return getattr(_current, "deadline", None)


def set_current_deadline(deadline: Deadline | None) -> None:
    _current.deadline = deadline
