package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;

class ThumbprintKidTest {

    /** The RSA key of RFC 7638 section 3.1 and its SHA-256 thumbprint. */
    private static final String RFC7638_KEY =
            "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4"
                    + "cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6C"
                    + "f0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWh"
                    + "AI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\","
                    + "\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";

    @Test
    void kidWhenRfc7638AppendixKeyThenItsThumbprint() throws Exception {
        JWK key = KeyRing.withThumbprintKid(JWK.parse(RFC7638_KEY));

        assertThat(key.getKeyID()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void kidWhenGeneratedKeysThenThumbprintOfTheirPublicMembers() throws Exception {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JWK key = KeyRing.withThumbprintKid(algorithm.generate(null));

            assertThat(key.getKeyID())
                    .as(algorithm.name())
                    .isEqualTo(key.toPublicJWK().computeThumbprint().toString());
            assertThat(key.isPrivate()).isTrue();
        }
    }
}
