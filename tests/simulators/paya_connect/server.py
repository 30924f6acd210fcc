# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The simulator's HTTP handler: plumbing, faults, the hosted page and the
/_sim/ control routes (the API routes are in ``api``)."""

import base64
import binascii
import json
import socket
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .api import ApiRoutes
from .const import Invalid
from .hosted_page import _error_page, _messages


class Handler(ApiRoutes, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def sim(self):
        return self.server.simulator

    def log_message(self, *args):
        pass

    # --- plumbing --------------------------------------------------------

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        if body or status not in (204, 302):
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _dispatch(self):
        url = urlsplit(self.path)
        method = self.command
        body = self._body()
        self.sim.requests.append((method, url.path, dict(self.headers)))
        if url.path.startswith("/_sim/"):
            return self._control(method, url.path, body)
        if url.path == "/hostedpaymentpage":
            return self._page(method, url, body)
        fault = self._take_fault_for(method, url.path)
        if fault and fault["mode"] in ("timeout_before", "reset", "error500"):
            if fault["mode"] == "timeout_before":
                time.sleep(fault["delay"] or 12)
                return self._send(504, {"errors": {"timeout": ["Gateway timeout"]}})
            if fault["mode"] == "reset":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            return self._send(500, b"<html>Internal Server Error</html>", "text/html")
        if fault and fault["mode"] == "slow":
            time.sleep(fault["delay"] or 2)
        if not self._authenticated():
            return self._send(
                401,
                {
                    "errors": {
                        "user-api-key": [
                            (
                                "Your credentials are invalid (developer-id, "
                                "user-id, and/or user-api-key)"
                            )
                        ]
                    }
                },
            )
        try:
            status, answer = self._api(method, url, body)
        except Invalid as error:
            status, answer = error.status, {"errors": error.errors}
        if fault and fault["mode"] == "timeout":
            time.sleep(fault["delay"] or 12)
        if fault and fault["mode"] == "error500_after":
            return self._send(500, b"<html>Internal Server Error</html>", "text/html")
        if fault and fault["mode"] == "malformed":
            return self._send(status, b'{"transaction": {"id": "', "application/json")
        return self._send(status, answer if answer is not None else b"")

    def _take_fault_for(self, method, path):
        return self.sim._take_fault(method, path)

    def _authenticated(self):
        """Authentication/README.md: the user id and API key as the
        ``user-id`` and ``user-api-key`` headers, as query string parameters,
        or as the user and password of a Basic authentication header; the
        developer id as a header or in the query string."""
        query = {
            key: values[-1]
            for key, values in parse_qs(urlsplit(self.path).query).items()
        }
        given = {
            name: self.headers.get(name) or query.get(name)
            for name in self.sim.credentials
        }
        scheme, _sep, encoded = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() == "basic":
            try:
                user, _sep, key = base64.b64decode(encoded).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                user = key = None
            given.update({"user-id": user, "user-api-key": key})
        return all(given[name] == value for name, value in self.sim.credentials.items())

    do_GET = do_POST = do_PUT = do_DELETE = lambda self: self._dispatch()

    # --- API -----------------------------------------------------------

    def _page(self, method, url, body):
        sim = self.sim
        if method == "GET":
            query = {key: values[-1] for key, values in parse_qs(url.query).items()}
            try:
                page = sim.render_page(query.get("id"), query.get("data"))
            except Invalid as error:
                return self._send(error.status, _error_page(error), "text/html")
            return self._send(200, page, "text/html; charset=utf-8")
        if method == "POST":
            form = {key: values[-1] for key, values in parse_qs(body.decode()).items()}
            try:
                record, target = sim.submit_page(form.get("id"), form.get("data"), form)
            except Invalid as error:
                if error.status == 422 and "transaction_api_id" not in error.errors:
                    try:
                        page = sim.render_page(
                            form.get("id"), form.get("data"), _messages(error)
                        )
                        return self._send(422, page, "text/html; charset=utf-8")
                    except Invalid:
                        pass
                return self._send(error.status, _error_page(error), "text/html")
            if target:
                return self._send(302, headers=[("Location", target)])
            approved = record["status_id"] in (101, 131)
            return self._send(
                200,
                f"<p>{'Approved' if approved else 'Declined'}</p>",
                "text/html",
            )
        return self._send(405, {"errors": {"method": ["Method not allowed"]}})

    # --- control -----------------------------------------------------------

    def _control(self, method, path, body):
        sim = self.sim
        try:
            values = json.loads(body or b"{}")
        except ValueError:
            values = {}
        if path == "/_sim/faults" and method == "POST":
            sim.add_fault(**values)
            return self._send(200, {"faults": len(sim.faults)})
        if path == "/_sim/ach/advance" and method == "POST":
            return self._send(200, {"changed": [r["id"] for r in sim.advance_ach()]})
        if path == "/_sim/batch/settle" and method == "POST":
            sim.settle_batch()
            return self._send(200, {})
        if path == "/_sim/postbacks/replay" and method == "POST":
            sim.replay_postbacks()
            return self._send(200, {"replayed": len(sim.postbacks_sent)})
        if path == "/_sim/ledger" and method == "GET":
            return self._send(200, {"ledger": sim.ledger})
        if path == "/_sim/surcharge" and method == "POST":
            sim.configure_surcharge(**values)
            return self._send(200, {"surcharges": len(sim.surcharges)})
        if path == "/_sim/reset" and method == "POST":
            sim.reset()
            return self._send(200, {})
        return self._send(404, {"errors": {"path": ["Unknown control."]}})
