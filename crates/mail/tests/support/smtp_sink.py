#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd).

usage: smtp_sink.py OUTDIR [PORT [MODE CERT KEY]]

MODE is "plain" (the default), "starttls" (STARTTLS offered and required before MAIL) or "tls"
(TLS from the first byte, SMTPS); CERT and KEY are the server's PEM certificate chain and key.

Prints the port it listens on, then stores every message it accepts as OUTDIR/<uuid>.eml with a
<uuid>.json beside it: the headers as Python's own e-mail parser decodes them (subject, message-id,
from, to), the plain-text body, and each attachment's file name and saved bytes (<uuid>.att<i>).
A recipient whose local part starts with "reject" is refused with 550 (a permanent rejection).
Runs until its standard input closes.
"""
import asyncio
import json
import os
import socket
import ssl
import sys
import uuid
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("reject"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = uuid.uuid4().hex
        raw = envelope.original_content or envelope.content
        with open(os.path.join(self.outdir, name + ".eml"), "wb") as f:
            f.write(raw)
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        body = msg.get_body(preferencelist=("plain",))
        info = {
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "envelope_to": list(envelope.rcpt_tos),
            "body": body.get_content() if body is not None else None,
            "attachments": [],
        }
        for i, part in enumerate(msg.iter_attachments()):
            path = os.path.join(self.outdir, "%s.att%d" % (name, i))
            with open(path, "wb") as f:
                f.write(part.get_payload(decode=True))
            info["attachments"].append(
                {"filename": part.get_filename(), "content_type": part.get_content_type(), "file": path}
            )
        tmp = os.path.join(self.outdir, name + ".json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.outdir, name + ".json"))
        return "250 2.0.0 Ok: queued as " + name


async def main():
    outdir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    mode = sys.argv[3] if len(sys.argv) > 3 else "plain"
    context = None
    if mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[4], sys.argv[5])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    loop = asyncio.get_running_loop()
    handler = Sink(outdir)
    if mode == "starttls":
        factory = lambda: SMTP(
            handler,
            hostname="sink.test",
            enable_SMTPUTF8=True,
            tls_context=context,
            require_starttls=True,
        )
        server = await loop.create_server(factory, sock=sock)
    elif mode == "tls":
        factory = lambda: SMTP(handler, hostname="sink.test", enable_SMTPUTF8=True)
        server = await loop.create_server(factory, sock=sock, ssl=context)
    else:
        factory = lambda: SMTP(handler, hostname="sink.test", enable_SMTPUTF8=True)
        server = await loop.create_server(factory, sock=sock)
    print(sock.getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
