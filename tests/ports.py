import socket


def free_port() -> int:
    """A port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# How often a test's HTTP server (serve_forever) looks whether it was asked to stop: the
# standard library's 0.5 s made each stop, hence each test using such a server, wait up to that.
SHUTDOWN_POLL_SECONDS = 0.02
