"""Channels beyond the site: SMS and e-mail, behind one small interface.

settings.NOTIFICATION_BACKEND names the class; the embedded default writes to
the console. A real gateway implements send() with the same arguments.
"""

import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "onewindow.notifications.backends.ConsoleBackend"


class Backend(Protocol):
    def send(self, *, channel: str, recipient: str, title: str, body: str) -> None: ...


class ConsoleBackend:
    """Write each message to standard output instead of sending it."""

    def __init__(self, stream=None) -> None:
        self.stream = stream

    def send(self, *, channel: str, recipient: str, title: str, body: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"[{channel}] to {recipient}: {title}\n{body}\n")


class MemoryBackend:
    """Keep messages in a list, for tests."""

    outbox: list[dict[str, str]] = []

    def send(self, *, channel: str, recipient: str, title: str, body: str) -> None:
        self.outbox.append(
            {"channel": channel, "recipient": recipient, "title": title, "body": body}
        )


def backend_get() -> Backend:
    return import_string(getattr(settings, "NOTIFICATION_BACKEND", DEFAULT_BACKEND))()
