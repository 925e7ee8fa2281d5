package io.authdesign.redis;

import io.authdesign.store.AuthorizationCodeGrant;
import io.authdesign.store.AuthorizationCodeStore;
import io.authdesign.store.CodeRedemption;
import io.authdesign.store.TokenHashes;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link AuthorizationCodeStore} on Redis: each code a hash of typed fields under {@code code:<hash>},
 * expiring (PX) at the code's expiry, so a used code is remembered exactly as long as it could be
 * replayed. {@link #consume} is one Lua script, which Redis runs alone: it counts the presentation on the
 * unexpired hash and returns the fields with the count, so exactly one caller sees 1.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
final class RedisAuthorizationCodeStore implements AuthorizationCodeStore {

    private static final Redis.Script SAVE = Redis.Script.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """);

    private static final Redis.Script CONSUME = Redis.Script.of("""
            local expires = redis.call('HGET', KEYS[1], 'expires_at')
            if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return {} end
            redis.call('HINCRBY', KEYS[1], 'presentations', 1)
            return redis.call('HGETALL', KEYS[1])
            """);

    private final Redis redis;
    private final Clock clock;

    RedisAuthorizationCodeStore(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public void save(AuthorizationCodeGrant grant) {
        Objects.requireNonNull(grant, "grant");
        List<String> args = new ArrayList<>();
        args.add(Redis.ttlMillis(clock.instant(), grant.expiresAt()));
        args.addAll(Redis.pairs(
                "client_id", grant.clientId(),
                "redirect_uri", grant.redirectUri(),
                "subject", grant.subject(),
                "scopes", Redis.joinTokens(grant.scopes()),
                "code_challenge", grant.codeChallenge(),
                "code_challenge_method", grant.codeChallengeMethod(),
                "nonce", grant.nonce(),
                "auth_time", Redis.micros(grant.authTime()),
                "acr", grant.acr(),
                "claims_request", grant.claimsRequest(),
                "dpop_jkt", grant.dpopJkt(),
                "grant_id", grant.grantId(),
                "created_at", Redis.micros(grant.createdAt()),
                "expires_at", Redis.micros(grant.expiresAt()),
                "resources", Redis.joinTokens(grant.resources()),
                "sid", grant.sid(),
                "presentations", "0"));
        Long saved = redis.eval(
                "Save authorization code",
                SAVE,
                ScriptOutputType.INTEGER,
                new String[] {key(grant.codeHash())},
                args.toArray(String[]::new));
        if (saved == 0) {
            throw new IllegalArgumentException("An authorization code with this hash is already stored");
        }
    }

    @Override
    public CodeRedemption consume(String code) {
        if (code == null) {
            return new CodeRedemption.Unknown();
        }
        String hash = TokenHashes.sha256(code);
        List<Object> flat = redis.eval(
                "Consume authorization code",
                CONSUME,
                ScriptOutputType.MULTI,
                new String[] {key(hash)},
                Redis.micros(clock.instant()));
        if (flat.isEmpty()) {
            return new CodeRedemption.Unknown();
        }
        Map<String, String> fields = Redis.fields(flat, 0);
        AuthorizationCodeGrant grant = grant(hash, fields);
        return fields.get("presentations").equals("1")
                ? new CodeRedemption.Redeemed(grant)
                : new CodeRedemption.AlreadyRedeemed(grant);
    }

    private static AuthorizationCodeGrant grant(String hash, Map<String, String> fields) {
        return new AuthorizationCodeGrant(
                hash,
                fields.get("client_id"),
                fields.get("redirect_uri"),
                fields.get("subject"),
                Redis.splitTokens(fields.get("scopes")),
                fields.get("code_challenge"),
                fields.get("code_challenge_method"),
                fields.get("nonce"),
                Redis.instant(fields.get("auth_time")),
                fields.get("acr"),
                fields.get("claims_request"),
                fields.get("dpop_jkt"),
                fields.get("grant_id"),
                Redis.instant(fields.get("created_at")),
                Redis.instant(fields.get("expires_at")),
                Redis.splitTokens(fields.get("resources")),
                fields.get("sid"));
    }

    private String key(String codeHash) {
        return redis.key("code", codeHash);
    }
}
