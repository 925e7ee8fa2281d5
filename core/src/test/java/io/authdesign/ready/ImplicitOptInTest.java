package io.authdesign.ready;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.flow.OAuth2AuthorizationCodeBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.ClientSettings;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryPushedRequestStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import io.authdesign.token.ResponseTypes;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The implicit opt-in of the ready flow (OpenID Connect Core 1.0 section 3.2, RFC 9700 section 2.1.2): off by
 * default, OIDC flows only, never with the FAPI 2.0 profile; and the registered response types it reads.
 */
class ImplicitOptInTest {

    private static ReadyAuthorizationCodeFlow.Builder flow() {
        return ReadyAuthorizationCodeFlow.builder()
                .clients(new InMemoryClientStore(), ClientSecretHasher.withRandomKey(new SecureRandom()))
                .codes(new InMemoryAuthorizationCodeStore())
                .refreshTokens(new InMemoryRefreshTokenStore())
                .consents(new InMemoryConsentStore())
                .sessions(new InMemorySessionStore())
                .users(new UserAccounts() {
                    @Override
                    public Optional<String> authenticate(String username, String password) {
                        return Optional.empty();
                    }

                    @Override
                    public Map<String, Object> claims(String subject) {
                        return Map.of();
                    }
                });
    }

    @Test
    void notOptedInThenTheRouteServesCodeOnly() {
        OIDCAuthorizationCodeBuilder oidc = flow().build().install(OIDCAuthorizationCodeBuilder.create());

        assertThat(oidc.setIssuer("https://as.example.com").build().openIdConfiguration())
                .containsEntry("response_types_supported", List.of("code"))
                .containsEntry("response_modes_supported", List.of("query", "form_post"));
    }

    @Test
    void optedInThenDiscoveryListsTheImplicitResponseTypesFragmentAndGrant() {
        OIDCAuthorizationCodeBuilder oidc =
                flow().implicitResponseTypes(true).build().install(OIDCAuthorizationCodeBuilder.create());

        Map<String, Object> metadata =
                oidc.setIssuer("https://as.example.com").build().openIdConfiguration();
        assertThat(metadata)
                .containsEntry("response_types_supported", List.of("code", "id_token", "id_token token"))
                .containsEntry("response_modes_supported", List.of("query", "fragment", "form_post"));
        assertThat(metadata.get("grant_types_supported").toString()).contains("implicit");
    }

    @Test
    void optedInOnAnOAuthFlowThenRefused() {
        ReadyAuthorizationCodeFlow ready = flow().implicitResponseTypes(true).build();

        assertThatThrownBy(() -> ready.install(OAuth2AuthorizationCodeBuilder.create()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OIDC");
    }

    @Test
    void optedInWithTheFapi2ProfileThenRefused() {
        assertThatThrownBy(() -> flow().pushedRequests(new InMemoryPushedRequestStore(), true)
                        .fapi2Profile(true)
                        .implicitResponseTypes(true)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("response type code only");
    }

    @Test
    void responseTypesThenCanonicalInAnyWordOrderAndUnknownRefused() {
        assertThat(ResponseTypes.canonical("token  id_token")).contains(ResponseTypes.ID_TOKEN_TOKEN);
        assertThat(ResponseTypes.canonical("id_token id_token")).isEmpty();
        assertThat(ResponseTypes.canonical("code id_token")).isEmpty();
        ClientSettings settings = ClientSettings.builder()
                .responseTypes("token id_token", "id_token")
                .build();
        assertThat(settings.responseTypes()).containsExactly("id_token token", "id_token");
        assertThat(settings.hasResponseType("id_token token")).isTrue();
        assertThatThrownBy(() -> ClientSettings.builder().responseTypes("token").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientSettings.builder()
                        .idTokenSignedResponseAlg("PS256")
                        .fapi2(true)
                        .responseTypes("id_token")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FAPI 2.0");
    }
}
