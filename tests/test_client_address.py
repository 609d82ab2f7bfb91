"""Whose address a request has (app/server.py): the peer's, unless the peer is a configured trusted
proxy; then what that proxy reports. A header the browser made up never counts."""

from __future__ import annotations

from app.server import client_of

SPOOF = {"x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9"}


def test_with_no_trusted_proxy_the_peer_is_the_client_whatever_it_sends():
    assert client_of("127.0.0.1", SPOOF, ()) == ("127.0.0.1", False)
    assert client_of("::ffff:127.0.0.1", SPOOF, ()) == ("127.0.0.1", False)
    assert client_of("10.1.2.3", SPOOF, ()) == ("10.1.2.3", False)


def test_a_trusted_proxy_s_report_is_believed_and_only_its_own():
    nginx = ("127.0.0.1", "::1")
    assert client_of("127.0.0.1", {"x-real-ip": "10.1.2.3", "x-forwarded-for": "6.6.6.6, 10.1.2.3"}, nginx)[0] == "10.1.2.3"
    # no X-Real-IP: the last hop our proxy appended, not what the browser put before it
    assert client_of("127.0.0.1", {"x-forwarded-for": "6.6.6.6, 10.1.2.4"}, nginx)[0] == "10.1.2.4"
    assert client_of("127.0.0.1", {"x-forwarded-proto": "https", "x-real-ip": "10.1.2.3"}, nginx) == ("10.1.2.3", True)
    # a client that is not the proxy: its headers are ignored, even if it claims to be behind it
    assert client_of("10.9.9.9", SPOOF, nginx) == ("10.9.9.9", False)
    # networks, and a garbage header falls back to the proxy itself
    assert client_of("172.16.0.5", {"x-real-ip": "10.1.2.3"}, ("172.16.0.0/12",))[0] == "10.1.2.3"
    assert client_of("127.0.0.1", {"x-real-ip": "not an address"}, nginx)[0] == "127.0.0.1"
