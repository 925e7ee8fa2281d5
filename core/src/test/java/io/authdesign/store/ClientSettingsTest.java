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

    @Test
    void linksThatAreHttpsUrlsThenKeptAndOthersRefused() {
        ClientLinks links = new ClientLinks(
                "https://rp.example/", "https://rp.example/logo.png", "https://rp.example/p", "http://127.0.0.1/t");
        assertThat(ClientSettings.builder().links(links).build().links()).isEqualTo(links);
        assertThat(ClientSettings.DEFAULT.links()).isEqualTo(ClientLinks.NONE);
        assertThat(ClientLinks.NONE.isEmpty()).isTrue();
        for (String bad : List.of(
                "javascript:alert(1)",
                "data:text/html,x",
                "http://rp.example/logo.png",
                "logo.png",
                "https://u:p@rp.example/logo.png",
                "https://rp.example/a b")) {
            assertThatThrownBy(() -> new ClientLinks(null, bad, null, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("logo_uri must be an absolute https URL without user information (http only on a"
                            + " loopback host): " + bad);
        }
    }
}
