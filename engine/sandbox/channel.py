"""Length-prefixed frames over a pipe, read with a deadline.

The parent sends pickles (it trusts itself); the worker answers in JSON
only, so code that escaped the sandbox in a worker still cannot make the
parent unpickle anything."""
from __future__ import annotations

import os
import select
import struct
import time

HEADER = struct.Struct(">I")


def write_frame(fd: int, payload: bytes) -> None:
    view = memoryview(HEADER.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view):]


class Reader:
    """Frames from one pipe; keeps what was read past the current frame."""

    def __init__(self, fd: int):
        self.fd, self.buf = fd, bytearray()

    def frame(self, deadline: float | None = None, cap: int | None = None) -> bytes | None:
        """The next frame; None when `deadline` passes first. EOFError when
        the other side closed, ValueError when the frame is longer than `cap`."""
        if not self._fill(HEADER.size, deadline):
            return None
        (length,) = HEADER.unpack_from(self.buf)
        if cap is not None and length > cap:
            raise ValueError(f"a frame of {length} bytes is longer than {cap}")
        if not self._fill(HEADER.size + length, deadline):
            return None
        payload = bytes(self.buf[HEADER.size:HEADER.size + length])
        del self.buf[:HEADER.size + length]
        return payload

    def _fill(self, need: int, deadline: float | None) -> bool:
        while len(self.buf) < need:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return False
            if not select.select([self.fd], [], [], wait)[0]:
                return False
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                raise EOFError("the other side closed the pipe")
            self.buf += chunk
        return True
