package io.authdesign.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.authdesign.dpop.DPoPProofVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A DPoP client key. Proofs come from the Nimbus OAuth 2.0 SDK's {@link DefaultDPoPProofFactory}, an
 * independent implementation of RFC 9449; the attacks' malformed proofs are built by hand from a header and
 * claims, signed with any signer.
 */
final class DPoPProofs {

    final ECKey key;
    private final DefaultDPoPProofFactory factory;

    private DPoPProofs(ECKey key) {
        this.key = key;
        try {
            this.factory = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new P-256 key. */
    static DPoPProofs generate() {
        try {
            return new DPoPProofs(new ECKeyGenerator(Curve.P_256).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key's RFC 7638 thumbprint: the {@code cnf.jkt} of tokens bound to it. */
    String jkt() {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Nimbus proof for a request without access token. */
    String proof(String htm, String htu) {
        return proof(htm, htu, null, null);
    }

    /** A Nimbus proof, with {@code ath} for an access token and a server nonce when given. */
    String proof(String htm, String htu, String accessToken, String nonce) {
        try {
            return factory.createDPoPJWT(
                            htm,
                            URI.create(htu),
                            accessToken == null ? null : new DPoPAccessToken(accessToken),
                            nonce == null ? null : new Nonce(nonce))
                    .serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header of a correct ES256 proof of this key, to alter. */
    Map<String, Object> header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "ES256");
        header.put("jwk", key.toPublicJWK().toJSONObject());
        return header;
    }

    /** The claims of a correct proof issued now, to alter. */
    static Map<String, Object> claims(String htm, String htu) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", htm);
        claims.put("htu", htu);
        claims.put("iat", Instant.now().getEpochSecond());
        return claims;
    }

    /** A proof with exactly this header and these claims, signed with this key (ES256). */
    String sign(Map<String, Object> header, Map<String, Object> claims) {
        try {
            return sign(header, claims, new ECDSASigner(key), JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof with exactly this header and these claims, signed by {@code signer} with {@code alg}. */
    static String sign(Map<String, Object> header, Map<String, Object> claims, JWSSigner signer, JWSAlgorithm alg) {
        String input = unsigned(header, claims);
        try {
            Base64URL signature = signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signing input of a proof: encoded header and claims, without signature. */
    static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(header)) + "."
                + Base64URL.encode(JSONObjectUtils.toJSONString(claims));
    }

    /** The public JWK as a JSON object. */
    static Map<String, Object> jwk(JWK key) {
        return key.toJSONObject();
    }

    /** The {@code ath} of an access token. */
    static String ath(String accessToken) {
        return DPoPProofVerifier.accessTokenHash(accessToken);
    }
}
