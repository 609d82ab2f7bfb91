"""Loopback receivers for the push tests: real sockets on 127.0.0.1.

Smtp     a minimal SMTP server (EHLO, STARTTLS, MAIL, RCPT, DATA, RSET, NOOP, QUIT) keeping each
         message's bytes; an address in `refuse` gets 550 at RCPT; `tls` "ssl" speaks TLS from the
         first byte, "starttls" offers STARTTLS, with a certificate for 127.0.0.1 made by
         `certificate()` (its PEM is the client's CA file)
Robots   an HTTP server that answers as the 企业微信 and 钉钉 group robots do: POST /wecom?key=…,
         POST /dingtalk?access_token=…[&timestamp=…&sign=…]; a 钉钉 robot with a secret checks the
         signature (310000 sign not match); each robot answers the errcodes queued in `script`
         (then 0), and keeps every JSON body it accepted or refused
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socketserver
import ssl
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def certificate(folder) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files in `folder`."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = f"{folder}/cert.pem", f"{folder}/key.pem"
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path


class Smtp:
    def __init__(self, tls: str = "none", cert: tuple[str, str] | None = None):
        self.messages: list[dict] = []
        self.refuse: set[str] = set()
        self.tls_seen: list[bool] = []  # per message: whether it came over TLS
        context = None
        if tls != "none":
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*cert)
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def say(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def secure(self) -> None:
                self.connection = self.request = context.wrap_socket(self.request, server_side=True)
                self.rfile, self.wfile = self.connection.makefile("rb"), self.connection.makefile("wb", buffering=0)

            def handle(self):
                if tls == "ssl":
                    self.secure()
                self.say("220 loopback ESMTP")
                sender, rcpts = None, []
                while line := self.rfile.readline():
                    verb = line.decode("utf-8", "replace").strip()
                    word = verb.split(" ", 1)[0].upper()
                    if word in ("EHLO", "HELO"):
                        offer = b"250-STARTTLS\r\n" if tls == "starttls" and not isinstance(self.request, ssl.SSLSocket) else b""
                        self.wfile.write(b"250-loopback\r\n" + offer + b"250 8BITMIME\r\n")
                    elif word == "STARTTLS" and tls == "starttls":
                        self.say("220 go ahead")
                        self.secure()
                    elif word == "MAIL":
                        sender, rcpts = verb.split(":", 1)[1].strip(" <>"), []
                        self.say("250 ok")
                    elif word == "RCPT":
                        who = verb.split(":", 1)[1].strip(" <>")
                        if who in owner.refuse:
                            self.say("550 no such mailbox")
                        else:
                            rcpts.append(who)
                            self.say("250 ok")
                    elif word == "DATA":
                        self.say("354 go on")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        owner.messages.append({"from": sender, "to": rcpts, "data": data})
                        owner.tls_seen.append(isinstance(self.request, ssl.SSLSocket))
                        self.say("250 queued")
                    elif word == "QUIT":
                        self.say("221 bye")
                        return
                    else:  # RSET, NOOP
                        self.say("250 ok")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Robots:
    def __init__(self, secrets: dict[str, str] | None = None):
        self.secrets = secrets or {}  # access_token -> the 钉钉 robot's signing secret
        self.script: dict[str, list[int]] = {}  # robot path+token -> errcodes to answer next
        self.accepted: list[dict] = []
        self.refused: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                robot = f"{url.path}:{query.get('key') or query.get('access_token')}"
                code, msg = owner.answer(url.path, query, robot)
                entry = {"robot": robot, "body": body, "query": query, "errcode": code}
                (owner.accepted if code == 0 else owner.refused).append(entry)
                out = json.dumps({"errcode": code, "errmsg": msg}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, query: dict, robot: str) -> tuple[int, str]:
        secret = self.secrets.get(query.get("access_token", ""))
        if path == "/dingtalk" and secret is not None:
            stamp = query.get("timestamp", "0")
            digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
            if query.get("sign") != base64.b64encode(digest).decode() or abs(time.time() * 1000 - int(stamp)) > 3600_000:
                return 310000, "sign not match"
        queued = self.script.get(robot) or []
        code = queued.pop(0) if queued else 0
        return code, {0: "ok", 45009: "api freq out of limit", 130101: "send too fast"}.get(code, "refused")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def toml(data: dict) -> str:
    """A secrets file: each value as TOML (JSON strings, numbers and arrays of inline tables are TOML)."""
    def value(v):
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=False)

    return "".join(f"[{name}]\n" + "".join(f"{k} = {value(v)}\n" for k, v in body.items()) for name, body in data.items())
