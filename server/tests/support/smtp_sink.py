"""A real SMTP server on loopback for the delivery tests (aiosmtpd).

Usage: smtp_sink.py PORT [--defer N] [--refuse PREFIX]
  --defer N        answer the first N messages with 451 (a transient failure)
  --refuse PREFIX  answer 550 to recipients whose address starts with PREFIX (a permanent one)
Prints READY once listening, then one JSON line per accepted message (before answering 250).
Answers each PING line on stdin with PONG, after every message accepted so far: a test that
pings after its sends knows it has read them all. Stops when stdin closes.
"""
import argparse
import json
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, defer, refuse):
        self.defer = defer
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address.startswith(self.refuse):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.defer > 0:
            self.defer -= 1
            return "451 4.3.0 Try again later"
        content = envelope.content.decode("utf-8", "replace")
        print(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "data": content}), flush=True)
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--defer", type=int, default=0)
    parser.add_argument("--refuse", default="")
    args = parser.parse_args()
    controller = Controller(Sink(args.defer, args.refuse), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("READY", flush=True)
    for line in sys.stdin:
        if line.strip() == "PING":
            print("PONG", flush=True)
    controller.stop()


if __name__ == "__main__":
    main()
