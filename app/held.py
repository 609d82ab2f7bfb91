"""A response held whole before it is sent: for the steps of app/server.py that decide on, or
change, a response's bytes (a download's owner, the page shell's script)."""

from __future__ import annotations


async def whole(app, scope, receive, send) -> tuple[dict | None, bytes]:
    """Run `app` and return its response's start message and its whole body, unsent; any other
    message goes on to `send` as it comes. The caller sends the response (or another) itself."""
    start, body = None, bytearray()

    async def held(message):
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
        else:
            await send(message)

    await app(scope, receive, held)
    return start, bytes(body)
