"""Server-sent events decoder, incremental and tolerant.

Written for speed on OpenAI-style streams (tens of thousands of small events) and for the quirks
of compatible servers: comments (`: keep-alive`), `data:` with or without the space, CRLF or CR
line ends, a stream that ends without a final blank line. It never raises: any bytes decode to
zero or more events.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class SSEEvent:
    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    __slots__ = ("_buf", "_data", "_event", "_id", "_retry")

    def __init__(self) -> None:
        self._buf = b""
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """Decode what is complete in `chunk` (plus what was held back); keep the rest."""
        buf = self._buf + chunk if self._buf else chunk
        if b"\r" in buf:
            # A CR at the very end may be the first half of a CRLF: hold it back.
            if buf.endswith(b"\r"):
                self._buf = b"\r"
                buf = buf[:-1]
            else:
                self._buf = b""
            buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            cut = buf.rfind(b"\n")
            if cut < 0:
                self._buf = buf + self._buf
                return []
            self._buf = buf[cut + 1 :] + self._buf
        else:
            cut = buf.rfind(b"\n")
            if cut < 0:
                self._buf = buf
                return []
            self._buf = buf[cut + 1 :]
        return self._lines(buf[:cut].split(b"\n"))

    def finish(self) -> list[SSEEvent]:
        """End of stream: a last line without newline, and an event without a blank line."""
        events: list[SSEEvent] = []
        rest = self._buf.replace(b"\r", b"")
        self._buf = b""
        if rest:
            events = self._lines([rest])
        ev = self._dispatch()
        if ev is not None:
            events.append(ev)
        return events

    def _lines(self, lines: list[bytes]) -> list[SSEEvent]:
        events: list[SSEEvent] = []
        data = self._data
        for raw in lines:
            if not raw:
                if data or self._event is not None:
                    ev = self._dispatch()
                    if ev is not None:
                        events.append(ev)
                    data = self._data
                continue
            if raw[:5] == b"data:":
                payload = raw[6:] if raw[5:6] == b" " else raw[5:]
                data.append(payload.decode("utf-8", "replace"))
                continue
            if raw[:1] == b":":
                continue  # comment / keep-alive
            line = raw.decode("utf-8", "replace")
            name, sep, value = line.partition(":")
            if sep and value.startswith(" "):
                value = value[1:]
            if name == "event":
                self._event = value
            elif name == "id":
                if "\0" not in value:
                    self._id = value
            elif name == "retry":
                if value.isascii() and value.isdigit():
                    self._retry = int(value)
            elif name == "data":  # "data" with no colon: an empty data line
                data.append("")
        return events

    def _dispatch(self) -> SSEEvent | None:
        data = self._data
        event = self._event
        self._event = None
        if not data:
            return None
        self._data = []
        return SSEEvent(
            data[0] if len(data) == 1 else "\n".join(data), event, self._id, self._retry
        )
