"""Which requests go to the machine APIs (shared by the session and the throttle)."""
from flask import request

MACHINE_PATHS = ("/api/", "/open311/")


def machine_request() -> bool:
    """A request to the machine APIs: authenticated by a token or key, never
    by the session cookie, so their requests neither keep nor end a session."""
    return request.path.startswith(MACHINE_PATHS)
