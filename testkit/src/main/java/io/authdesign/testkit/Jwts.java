package io.authdesign.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.UUID;

/** JWTs made outside the server under test, for tokens it must refuse. */
final class Jwts {

    private Jwts() {}

    /**
     * An access token shaped as the server's own ({@code typ: at+jwt}, its issuer and audience, a client
     * and a subject, one hour of life) but signed with a key the server never published.
     */
    static String foreignAccessToken(String issuer) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
            Date now = new Date();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(issuer)
                            .audience(issuer)
                            .subject("sub-alice")
                            .claim("client_id", "web")
                            .claim("scope", "openid profile")
                            .issueTime(now)
                            .expirationTime(new Date(now.getTime() + 3_600_000))
                            .jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
