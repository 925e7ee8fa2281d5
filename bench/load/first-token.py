#!/usr/bin/env python3
"""Waits for a starting server's first token and prints "MILLISECONDS ACCESS_TOKEN".

    first-token.py PORT PID START_MS [BASIC_CREDENTIALS]

Sends POST /oauth2/token (client_credentials, scope read, on its own connection) to 127.0.0.1:PORT every 5 ms
until the answer is a 200, then prints the milliseconds since START_MS (epoch milliseconds, taken just before
the server was started) and the response's access token. Exits 1 when process PID ends first.

One process polls on plain sockets: a loop of curl processes would spawn one process per attempt, and on two
cores those spawns take CPU from the very start they time (run with python3 -S, this script starts in
about 15 ms).
"""
import json
import os
import socket
import sys
import time


def main():
    port, pid, start_ms = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    basic = sys.argv[4] if len(sys.argv) > 4 else None
    body = b"grant_type=client_credentials&scope=read"
    head = "POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n" % len(body)
    if basic:
        head += "Authorization: Basic %s\r\n" % basic
    request = (head + "\r\n").encode() + body
    while True:
        answer = attempt(port, request)
        if answer is not None and answer.startswith(b"HTTP/1.1 200"):
            elapsed = int(time.time() * 1000) - start_ms
            payload = json.loads(answer.split(b"\r\n\r\n", 1)[1].decode())
            print(elapsed, payload.get("access_token", "-"))
            return 0
        try:
            os.kill(pid, 0)
        except OSError:
            return 1
        time.sleep(0.005)


def attempt(port, request):
    """The whole answer of one request, or None when the server does not accept connections yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(request)
            chunks = []
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
