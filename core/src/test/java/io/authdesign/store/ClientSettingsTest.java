package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code userinfo_signed_response_alg} in {@link ClientSettings} (OIDC Dynamic Client Registration 1.0 section 2). */
class ClientSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA"})
    void userinfoSignedResponseAlgWhenAnAlgorithmTheLibrarySignsWithThenKeptAndCopiedByToBuilder(String alg) {
        ClientSettings settings =
                ClientSettings.builder().userinfoSignedResponseAlg(alg).build();

        assertThat(settings.userinfoSignedResponseAlg()).isEqualTo(alg);
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
        assertThat(ClientSettings.DEFAULT.userinfoSignedResponseAlg()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "RS512", "rs256", ""})
    void userinfoSignedResponseAlgWhenNoneSymmetricOrUnknownThenRejected(String alg) {
        assertThatThrownBy(() ->
                        ClientSettings.builder().userinfoSignedResponseAlg(alg).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported signing algorithm");
    }

    @Test
    void eightArgumentConstructorThenPlainJsonUserinfo() {
        ClientSettings settings = new ClientSettings(false, null, List.of(), null, false, List.of(), null, false);

        assertThat(settings.userinfoSignedResponseAlg()).isNull();
        assertThat(settings).isEqualTo(ClientSettings.DEFAULT);
    }
}
