#!/usr/bin/env python3
"""Writes every configuration a conformance run needs, under $OIDF (never inside the repository).

Client keys and secrets are made on the first run and kept, so the suite's configurations stay stable
between runs:
  keys/<name>.json         private JWK Sets of the private_key_jwt clients (RSA for OpenID Connect; PS256
                           and ES256 for FAPI 2.0)
  op/secrets.json          client secrets, alice's password, the administration client's secret

Generated at every run:
  op/oidcc.yaml            the reference server for the OpenID Connect plans: static clients, dynamic
                           registration open, post-logout redirect URIs, the implicit response types on
                           (implicit.enabled: oidcc-dynamic needs them in discovery; the secret clients
                           register them for oidcc-implicit)
  op/backchannel.yaml      the same plus back-channel logout URIs (needs the back-channel logout branch)
  op/fapi2.yaml            the reference server for FAPI 2.0: PS256/ES256 ID tokens, private_key_jwt clients
                           bound to DPoP that must use PAR; FAPI2_PROFILE_YAML adds the profile switch
                           (server-wide), FAPI2_CLIENT_PROFILE=1 sets it on the FAPI clients only
  plans/oidcc.json         suite configuration, client_secret_basic / client_secret_post clients
  plans/oidcc-pkj.json     suite configuration, private_key_jwt clients (RSA keys)
  plans/dynamic.json       suite configuration for dynamic registration (no static client)
  plans/fapi2-oidc.json    suite configuration for fapi2-security-profile-final, openid_connect
  plans/fapi2-oauth.json   suite configuration for fapi2-security-profile-final, plain_oauth

Needs Python 3 with the 'cryptography' package (Debian: python3-cryptography) for the client keys.
"""
import base64
import json
import os
import secrets
import sys

from cryptography.hazmat.primitives.asymmetric import ec, rsa

OIDF = os.environ.get("OIDF") or sys.exit("set OIDF to the conformance working folder")
ISSUER = os.environ.get("OP_ISSUER", "https://localhost:9443")
OP_PORT = int(os.environ.get("OP_HTTP_PORT", "9100"))
SUITE = os.environ.get("SUITE_URL", "https://localhost:8443/").rstrip("/")
ALIAS = "authdesign"
BASE = "%s/test/a/%s" % (SUITE, ALIAS)  # the suite's base_url for this alias
REDIRECT = BASE + "/callback"
POST_LOGOUT = BASE + "/post_logout_redirect"
BACKCHANNEL = BASE + "/backchannel_logout"
OIDC_SCOPES = ["openid", "profile", "email", "address", "phone", "offline_access"]


def b64(number):
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def ec_b64(number):
    return base64.urlsafe_b64encode(number.to_bytes(32, "big")).rstrip(b"=").decode()


def new_key(kind, kid):
    """A private JWK: kind is RS256, PS256 (RSA 2048) or ES256 (P-256)."""
    if kind == "ES256":
        key = ec.generate_private_key(ec.SECP256R1())
        pub = key.public_key().public_numbers()
        return {"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
                "x": ec_b64(pub.x), "y": ec_b64(pub.y), "d": ec_b64(key.private_numbers().private_value)}
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p = key.private_numbers()
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": kind, "n": b64(p.public_numbers.n),
            "e": b64(p.public_numbers.e), "d": b64(p.d), "p": b64(p.p), "q": b64(p.q),
            "dp": b64(p.dmp1), "dq": b64(p.dmq1), "qi": b64(p.iqmp)}


PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi"}


def keyset(name, kind):
    """The private JWK Set kept in keys/<name>.json, made once."""
    path = "%s/keys/%s.json" % (OIDF, name)
    if not os.path.exists(path):
        write(path, json.dumps({"keys": [new_key(kind, name)]}, indent=2), quiet=True)
    with open(path) as f:
        return json.load(f)


def public(jwks):
    return {"keys": [{k: v for k, v in key.items() if k not in PRIVATE_MEMBERS} for key in jwks["keys"]]}


def write(path, text, quiet=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    if not quiet:
        print("wrote", path)


def load_secrets():
    path = OIDF + "/op/secrets.json"
    names = ["client1", "client2", "clientPost", "admin", "alice"]
    known = json.load(open(path)) if os.path.exists(path) else {}
    if any(n not in known for n in names):
        for n in names:
            known.setdefault(n, secrets.token_urlsafe(24))
        write(path, json.dumps(known, indent=2), quiet=True)
    return known


S = load_secrets()
RSA_KEYS = {i: keyset("oidcc-rsa-%d" % i, "RS256") for i in (1, 2)}
FAPI_KEYS = {"PS256": {i: keyset("fapi-ps256-%d" % i, "PS256") for i in (1, 2)},
             "ES256": {i: keyset("fapi-es256-%d" % i, "ES256") for i in (1, 2)}}


# ---------------------------------------------------------------- reference server configurations (YAML)
# JSON is valid YAML: each value is written with json.dumps, so no quoting rule of YAML can bite.

def client(cid, methods, grants=("authorization_code", "refresh_token"), scopes=OIDC_SCOPES, comment=None,
           **extra):
    out = "  - clientId: %s%s\n" % (cid, "   # " + comment if comment else "")
    out += "    authMethods: %s\n" % json.dumps(list(methods))
    out += "    grantTypes: %s\n" % json.dumps(list(grants))
    out += "    scopes: %s\n" % json.dumps(list(scopes))
    if "authorization_code" in grants and "redirectUris" not in extra:
        out += "    redirectUris: %s\n" % json.dumps([REDIRECT])
    for key, value in extra.items():
        out += "    %s: %s\n" % (key, json.dumps(value))
    return out


USER = """users:
  - username: alice
    password: %s
    claims:
      name: Alice Example
      given_name: Alice
      family_name: Example
      middle_name: Q
      nickname: ali
      preferred_username: alice
      profile: https://example.com/alice
      picture: https://example.com/alice.png
      website: https://example.com
      gender: female
      birthdate: "1990-01-31"
      zoneinfo: Europe/Paris
      locale: en-US
      updated_at: 1700000000
      email: alice@example.com
      email_verified: true
      address:
        formatted: "1 Main Street, Springfield, IL 62701, US"
        street_address: 1 Main Street
        locality: Springfield
        region: IL
        postal_code: "62701"
        country: US
      phone_number: "+1 555 0100"
      phone_number_verified: true
""" % json.dumps(S["alice"])


def header(title):
    return ("# %s (written by conformance/make-configs.py; regenerated at every run)\n"
            "issuer: %s   # the nginx TLS front; the server itself listens on plain HTTP below\n"
            "host: 127.0.0.1\nport: %d\ntokenTtl: 3600\nstorage:\n  type: memory\n") % (title, ISSUER, OP_PORT)


ADMIN = client("oidf-admin", ["client_secret_basic"], grants=["client_credentials"], scopes=["authdesign:admin"],
               comment="rotates the signing keys on demand for oidcc-server-rotate-keys",
               clientSecret=S["admin"])


def oidcc_yaml(backchannel=False):
    # The OpenID Connect plans send no PKCE: these confidential clients opt out of the PKCE default.
    common = {"requirePkce": False, "postLogoutRedirectUris": [POST_LOGOUT]}
    if backchannel:
        common["backchannelLogoutUri"] = BACKCHANNEL
        common["backchannelLogoutSessionRequired"] = True
    y = header("AuthDesign for the OpenID Connect plans" + (" with back-channel logout" if backchannel else ""))
    y += "registration:\n  policy: open   # oidcc-dynamic-certification registers its own clients\n"
    # every request of the suite comes from nginx on loopback: one address for all the plans' registrations
    y += "  perAddress: 1000\n"
    # OpenID Connect Discovery 1.0 section 3: a dynamic OP supports id_token and id_token token; off by default
    # (RFC 9700 section 2.1.2), on here for oidcc-dynamic (discovery) and oidcc-implicit
    y += "implicit:\n  enabled: true\n"
    y += "clients:\n"
    both = ["client_secret_basic", "client_secret_post"]
    # the secret clients also use the implicit response types (oidcc-implicit-certification-test-plan)
    implicit = {"grants": ["authorization_code", "refresh_token", "implicit"],
                "responseTypes": ["code", "id_token", "id_token token"]}
    y += client("oidf-client-1", both, comment="the plan's 'client'", clientSecret=S["client1"], **implicit, **common)
    y += client("oidf-client-2", both, comment="the plan's 'client2'", clientSecret=S["client2"], **implicit, **common)
    y += client("oidf-client-post", ["client_secret_post"], comment="the plan's 'client_secret_post'",
                clientSecret=S["clientPost"], **implicit, **common)
    for i in (1, 2):
        y += client("oidf-pkj-%d" % i, ["private_key_jwt"], comment="private_key_jwt 'client%s'" % ("" if i == 1 else "2"),
                    jwks=public(RSA_KEYS[i]), **common)
    y += ADMIN
    return y + USER


def fapi2_yaml():
    y = header("AuthDesign for fapi2-security-profile-final (private_key_jwt + DPoP)")
    y += "signing:\n  algorithm: PS256\n  idTokenAlgorithms: [PS256, ES256]   # FAPI 2.0 section 5.4.1: no RS256\n"
    y += "dpop:\n  required: true\n"
    switch = os.environ.get("FAPI2_PROFILE_YAML")
    if switch:  # the profile switch of the FAPI 2.0 branch, e.g. "profile: fapi2"; appended verbatim
        y += switch.replace("\\n", "\n").rstrip() + "\n"
    y += "clients:\n"
    # the FAPI plans also send a redirect URI with a query, which must be registered as such
    fapi = {"requirePushedAuthorizationRequests": True, "dpopBoundAccessTokens": True,
            "redirectUris": [REDIRECT, REDIRECT + "?dummy1=lorem&dummy2=ipsum"]}
    if os.environ.get("FAPI2_CLIENT_PROFILE"):  # the FAPI 2.0 profile per client (the admin client stays out)
        fapi["profile"] = "fapi2"
    for alg in ("PS256", "ES256"):
        for i in (1, 2):
            y += client("fapi-%s-%d" % (alg.lower(), i), ["private_key_jwt"], jwks=public(FAPI_KEYS[alg][i]),
                        idTokenSignedResponseAlg=alg, **fapi)
    y += ADMIN
    return y + USER


# ---------------------------------------------------------------- suite configurations (JSON)
AUTHORIZE = ISSUER + "/oauth2/authorize*"
LOGOUT = ISSUER + "/oauth2/logout*"
# anchored at the suite's origin: "*/test/*/callback*" would also match an authorization URL whose query
# carries a redirect_uri
CALLBACK = SUITE + "/test/*/callback*"


def sign_in(first=None):
    """Sign-in and consent both live at /oauth2/authorize; every step is optional because a live session
    skips sign-in and remembered consent skips consent."""
    login = ([first] if first else []) + [
        ["text", "id", "username", "alice", "optional"],
        ["text", "id", "password", S["alice"], "optional"],
        ["click", "id", "sign-in", "optional"]]
    return {"match": AUTHORIZE, "tasks": [
        {"task": "Login", "optional": True, "match": AUTHORIZE, "commands": login},
        {"task": "Consent", "optional": True, "match": AUTHORIZE,
         "commands": [["click", "css", "button[value=approve]", "optional"]]},
        {"task": "Verify Complete", "match": CALLBACK, "commands": [["wait", "id", "submission_complete", 10]]}]}


def logout(outcome):
    """The end_session_endpoint: confirm, then either the suite's post-logout page or our signed-out page
    ('signed-out'), or an error page before any confirmation ('error')."""
    if outcome == "error":
        return {"comment": "an error page at the OP, no redirect", "match": LOGOUT, "tasks": [
            {"task": "Expect error page", "match": LOGOUT,
             "commands": [["wait", "xpath", "//*", 10, "Sign-out failed", "update-image-placeholder"]]}]}
    tasks = [{"task": "Confirm sign-out", "match": LOGOUT, "commands": [["click", "css", "button[value=yes]"]]}]
    if outcome == "signed-out":
        tasks.append({"task": "Expect signed-out page", "match": LOGOUT,
                      "commands": [["wait", "xpath", "//*", 10, "You are signed out", "update-image-placeholder"]]})
    else:
        tasks.append({"task": "Verify Complete", "match": SUITE + "/test/*/post_logout_redirect*"})
    return {"match": LOGOUT, "tasks": tasks}


def error_at_authorize(regexp):
    return {"comment": "an error page at the OP, not a redirect", "match": AUTHORIZE, "tasks": [
        {"task": "Expect error page", "match": AUTHORIZE,
         "commands": [["wait", "xpath", "//*", 10, regexp, "update-image-placeholder"]]}]}


def overrides():
    relogin = sign_in(["wait", "xpath", "//*", 10, "Sign in", "update-image-placeholder-optional"])
    redirect_error = error_at_authorize("The redirect URI is not registered|redirect_uri|The request cannot be completed")
    o = {m: {"browser": [relogin]} for m in ("oidcc-prompt-login", "oidcc-max-age-1")}
    for m in ("oidcc-ensure-registered-redirect-uri", "oidcc-ensure-redirect-uri-in-authorization-request",
              "oidcc-ensure-request-object-with-redirect-uri", "oidcc-redirect-uri-query-added",
              "oidcc-redirect-uri-query-mismatch", "oidcc-redirect-uri-regfrag"):
        o[m] = {"browser": [redirect_error]}
    # dynamic registration with logo_uri / policy_uri / tos_uri: a screenshot of the page that shows them
    for m in ("oidcc-registration-logo-uri", "oidcc-registration-policy-uri", "oidcc-registration-tos-uri"):
        o[m] = {"browser": [{"comment": "the sign-in page showing the client's registered links", "match": AUTHORIZE,
                             "tasks": [{"task": "Screenshot of the sign-in page", "match": AUTHORIZE, "commands": [
                                 ["wait", "xpath", "//*", 10, "Sign in", "update-image-placeholder"]]}]}]}
    for prefix in ("oidcc-rp-initiated-logout", "oidcc-backchannel-rp-initiated-logout"):
        for m in ("bad-post-logout-redirect-uri", "modified-id-token-hint", "no-id-token-hint",
                  "query-added-to-post-logout-redirect-uri", "bad-id-token-hint"):
            o["%s-%s" % (prefix, m)] = {"browser": [sign_in(), logout("error")]}
        for m in ("no-params", "no-post-logout-redirect-uri", "only-state"):
            o["%s-%s" % (prefix, m)] = {"browser": [sign_in(), logout("signed-out")]}
    return o


def plan(clients, **more):
    c = {"alias": ALIAS, "description": "AuthDesign reference server behind nginx TLS",
         "server": {"discoveryUrl": ISSUER + "/.well-known/openid-configuration", "login_hint": "alice"}}
    c.update(clients)
    c.update(more)
    c["browser"] = [sign_in(), logout("redirect")]
    c["override"] = overrides()
    return c


def fapi2_plan(openid):
    scope = "openid profile" if openid else "profile"
    c = {"alias": ALIAS, "description": "AuthDesign reference server, FAPI 2.0 Security Profile",
         "server": {"discoveryUrl": ISSUER + ("/.well-known/openid-configuration" if openid
                                               else "/.well-known/oauth-authorization-server")},
         "client": {"client_id": "fapi-ps256-1", "scope": scope, "jwks": FAPI_KEYS["PS256"][1]},
         "client2": {"client_id": "fapi-es256-2", "scope": scope, "jwks": FAPI_KEYS["ES256"][2]},
         # the protected resource the suite calls with the DPoP-bound access token
         "resource": {"resourceUrl": ISSUER + ("/oauth2/userinfo" if openid else "/api/me")},
         "browser": [sign_in()]}
    # the user rejects: Cancel on the sign-in page (access_denied, RFC 6749 section 4.1.2.1), or, when a live
    # session skips sign-in, Deny on the consent page; after Cancel the browser is at the callback, which
    # the consent task's match skips
    deny = {"match": AUTHORIZE, "tasks": [
        {"task": "Cancel sign-in", "optional": True, "match": AUTHORIZE,
         "commands": [["click", "id", "cancel", "optional"]]},
        {"task": "Deny consent", "optional": True, "match": AUTHORIZE,
         "commands": [["click", "css", "button[value=deny]", "optional"]]},
        {"task": "Verify Complete", "match": CALLBACK, "commands": [["wait", "id", "submission_complete", 10]]}]}
    # one entry serves every visit of these modules (the browser applies the first matching entry to each
    # visit): sign in and return, or, when the request_uri is refused, a screenshot of the error page
    sign_in_or_error = {"match": AUTHORIZE, "tasks": [
        {"task": "Login", "optional": True, "match": AUTHORIZE, "commands": sign_in()["tasks"][0]["commands"]},
        {"task": "Consent", "optional": True, "match": AUTHORIZE,
         "commands": [["click", "css", "button[value=approve]", "optional"]]},
        {"task": "Error page", "optional": True, "match": AUTHORIZE,
         "commands": [["wait", "xpath", "//*", 10, ".+", "update-image-placeholder"]]},
        {"task": "Verify Complete", "optional": True, "match": CALLBACK,
         "commands": [["wait", "id", "submission_complete", 10]]}]}
    # fapi2-security-profile-final-par-ensure-reused-request-uri-prior-to-auth-completion-succeeds visits the
    # authorization URL twice with one request_uri: the first visit must only load the sign-in page, the
    # second signs in. For each visit the suite's browser takes the first entry whose "match" fits and whose
    # "match-limit" (if any) is above zero, and lowers that limit; the configuration is read afresh for each
    # module, so the limit counts the visits of one module. The second visit fills no screenshot placeholder
    # on success: a filled placeholder makes the result REVIEW (and, filled while the module waits, ends it
    # before the callback); it takes one only when the server shows an error page instead.
    first_visit = {"comment": "first visit only: the sign-in page is shown, nobody signs in", "match": AUTHORIZE,
                   "match-limit": 1, "tasks": [
                       {"task": "Sign-in page, no sign-in", "match": AUTHORIZE,
                        "commands": [["wait", "id", "sign-in", 10]]}]}
    c["override"] = {
        "fapi2-security-profile-final-par-ensure-reused-request-uri-prior-to-auth-completion-succeeds":
            {"browser": [first_visit, sign_in_or_error]},
        "fapi2-security-profile-final-user-rejects-authentication": {"browser": [deny]},
        "fapi2-security-profile-final-par-attempt-reuse-request_uri": {"browser": [sign_in_or_error]},
        "fapi2-security-profile-final-par-attempt-to-use-expired-request_uri": {"browser": [sign_in_or_error]},
        "fapi2-security-profile-final-par-attempt-to-use-request_uri-for-different-client":
            {"browser": [sign_in_or_error]},
        "fapi2-security-profile-final-ensure-request-object-without-redirect-uri-fails":
            {"browser": [error_at_authorize(".+")]},
    }
    return c


def main():
    write(OIDF + "/op/oidcc.yaml", oidcc_yaml())
    write(OIDF + "/op/backchannel.yaml", oidcc_yaml(backchannel=True))
    write(OIDF + "/op/fapi2.yaml", fapi2_yaml())
    write(OIDF + "/plans/oidcc.json", json.dumps(plan({
        "client": {"client_id": "oidf-client-1", "client_secret": S["client1"]},
        "client2": {"client_id": "oidf-client-2", "client_secret": S["client2"]},
        "client_secret_post": {"client_id": "oidf-client-post", "client_secret": S["clientPost"]}}), indent=2))
    write(OIDF + "/plans/oidcc-pkj.json", json.dumps(plan({
        "client": {"client_id": "oidf-pkj-1", "jwks": RSA_KEYS[1]},
        "client2": {"client_id": "oidf-pkj-2", "jwks": RSA_KEYS[2]}}), indent=2))
    # dynamic registration: the suite registers its clients itself and names them
    write(OIDF + "/plans/dynamic.json", json.dumps(plan({
        "client": {"client_name": "oidf dynamic client 1"},
        "client2": {"client_name": "oidf dynamic client 2"}}), indent=2))
    write(OIDF + "/plans/fapi2-oidc.json", json.dumps(fapi2_plan(True), indent=2))
    write(OIDF + "/plans/fapi2-oauth.json", json.dumps(fapi2_plan(False), indent=2))


if __name__ == "__main__":
    main()
