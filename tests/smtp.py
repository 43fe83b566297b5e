"""A real SMTP server (aiosmtpd) on a free loopback port, for the mail tests.

`smtp_server` starts it, points the test's app at it and collects what arrives. A test can
make it refuse mail (`inbox.reply = "451 …"`) or hold a message on its way in
(`inbox.before_accept`, an async function of the SMTP session), or refuse a recipient
(`inbox.refused`). It offers AUTH LOGIN/PLAIN with `inbox.password` and records who logged in.
"""
import asyncio
import email
import socket
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    session_id: int  # one per SMTP connection

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()


@dataclass
class Inbox:
    host: str
    port: int = 0
    messages: list[Received] = field(default_factory=list)
    reply: str | None = None  # e.g. "451 4.3.0 Try again later" to refuse every message
    refused: set[str] = field(default_factory=set)  # recipients answered with a 550
    password: str = "secret"     # what AUTH accepts (for any user name)
    logins: list[str] = field(default_factory=list)   # user names that logged in
    before_accept: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def outbox_ids(self) -> list[int]:
        with self.lock:
            return [int(r.message["X-Buurt-Outbox-Id"]) for r in self.messages]


class CollectingHandler:
    def __init__(self, inbox: Inbox):
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.inbox.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.inbox.before_accept is not None:
            await self.inbox.before_accept(session)
        if self.inbox.reply:
            return self.inbox.reply
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=policy.default)
        with self.inbox.lock:
            self.inbox.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                                message, id(session)))
        return "250 Message accepted for delivery"


    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        if auth_data.password.decode() != self.inbox.password:
            return AuthResult(success=False, handled=False)
        self.inbox.logins.append(auth_data.login.decode())
        return AuthResult(success=True)


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    """An SMTP server collecting mail, without touching any app's settings."""
    inbox = Inbox(host="127.0.0.1")
    inbox.port = free_port(inbox.host)
    handler = CollectingHandler(inbox)
    # AUTH is offered (without TLS, on loopback) but optional, as on many relays.
    controller = Controller(handler, hostname=inbox.host, port=inbox.port,
                            authenticator=handler.authenticate, auth_require_tls=False)
    controller.start()  # raises if the server cannot start: then the mail tests fail
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(app, smtp_inbox):
    """An SMTP server collecting mail, with the test's app sending to it."""
    app.config.update(MAIL_SERVER=smtp_inbox.host, MAIL_PORT=smtp_inbox.port,
                      MAIL_USE_TLS=False, MAIL_USERNAME=None,
                      MAIL_DEFAULT_SENDER="Buurt <buurt@buurt.test>")
    return smtp_inbox


async def wait_in_executor(function, *args):
    """Run a blocking call (a threading.Barrier) without stopping the server's event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)
