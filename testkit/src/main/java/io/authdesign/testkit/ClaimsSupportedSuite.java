package io.authdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code claims_supported} lists the user claims the ready flows release, beside the ID token's own claims. */
public abstract class ClaimsSupportedSuite {

    @Test
    void readyFlowsThenStandardUserClaimsAdvertised() {
        try (ReadyFlows flows = new ReadyFlows()) {
            @SuppressWarnings("unchecked")
            List<String> claims = (List<String>) flows.server
                    .get("/.well-known/openid-configuration")
                    .send()
                    .json()
                    .get("claims_supported");

            assertThat(claims)
                    .startsWith("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce")
                    .contains("name", "given_name", "email", "email_verified", "address", "phone_number")
                    .doesNotHaveDuplicates();
        }
    }
}
