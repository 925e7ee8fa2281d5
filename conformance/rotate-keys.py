#!/usr/bin/env python3
"""Runs oidcc-server-rotate-keys of an existing plan as the suite intends: create the module (it reads
the OP's JWKS and waits), rotate the OP's signing keys, then start it (it reads the JWKS again and
expects a new signing key beside the old one). The keys are rotated on demand through the reference
server's administration route (POST /admin/keys/rotate, the same as `rotate-keys --url`), with a client
credentials token of scope authdesign:admin.

Usage: rotate-keys.py PLAN_ID OP_BASE_URL ADMIN_CLIENT_ID   (secret from $OIDF/op/secrets.json 'admin')"""
import base64
import json
import os
import ssl
import sys
import time
import urllib.parse
import urllib.request

SUITE = os.environ.get("SUITE_URL", "https://localhost:8443/")
TLS = ssl._create_unverified_context()  # self-signed certificates on localhost


def call(method, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(request, context=TLS, timeout=60) as response:
        return json.loads(response.read() or b"null")


def suite(method, path, **params):
    query = "?" + urllib.parse.urlencode(params) if params else ""
    return call(method, SUITE + path + query, headers={"Content-Type": "application/json"})


def wait(test_id, states):
    for _ in range(180):
        info = suite("GET", "api/info/" + test_id)
        if info["status"] in states:
            return info
        time.sleep(1)
    return info


def rotate(op, client_id, secret):
    basic = base64.b64encode(("%s:%s" % (urllib.parse.quote(client_id, safe=""),
                                         urllib.parse.quote(secret, safe=""))).encode()).decode()
    token = call("POST", op + "/oauth2/token",
                 urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "authdesign:admin"}).encode(),
                 {"Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"})
    return call("POST", op + "/admin/keys/rotate", b"",
                {"Authorization": "Bearer " + token["access_token"]})


def main(plan_id, op, client_id):
    secret = json.load(open(os.environ["OIDF"] + "/op/secrets.json"))["admin"]
    test_id = suite("POST", "api/runner", test="oidcc-server-rotate-keys", plan=plan_id)["id"]
    print("oidcc-server-rotate-keys again in plan", plan_id, "as", test_id)
    print("state", wait(test_id, ("CONFIGURED", "FINISHED", "INTERRUPTED"))["status"])
    print("rotated:", rotate(op, client_id, secret))
    suite("POST", "api/runner/" + test_id)
    info = wait(test_id, ("FINISHED", "INTERRUPTED"))
    print("result", info["status"], info.get("result"))


if __name__ == "__main__":
    main(*sys.argv[1:4])
