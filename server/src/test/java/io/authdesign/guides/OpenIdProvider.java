package io.authdesign.guides;

import io.authdesign.flow.MultipleFlows;
import io.authdesign.flow.MultipleFlowsBuilder;
import io.authdesign.flow.OIDCAuthorizationCodeBuilder;
import io.authdesign.flow.OIDCClientCredentialsBuilder;
import io.authdesign.javalin.AuthDesignPlugin;
import io.authdesign.ready.ReadyAuthorizationCodeFlow;
import io.authdesign.ready.ReadyClientCredentialsFlow;
import io.authdesign.ready.UserAccounts;
import io.authdesign.store.ClientSecret;
import io.authdesign.store.ClientSecretHasher;
import io.authdesign.store.InMemoryAuthorizationCodeStore;
import io.authdesign.store.InMemoryClientStore;
import io.authdesign.store.InMemoryConsentStore;
import io.authdesign.store.InMemoryRefreshTokenStore;
import io.authdesign.store.InMemorySessionStore;
import io.authdesign.store.RegisteredClient;
import io.javalin.Javalin;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** A complete OpenID Provider: the ready handlers on in-memory stores, served by Javalin. */
public final class OpenIdProvider {

    /** Starts the provider with this issuer (its public URL) on this port. */
    public static Javalin start(String issuer, int port, String webAppSecret) {
        SecureRandom random = new SecureRandom();

        // Client secrets are kept as keyed hashes: ClientSecret.of takes the HASH, never the secret itself.
        // Every node of one server needs the same key: new ClientSecretHasher(sharedKeyOf32Bytes, random).
        ClientSecretHasher hasher = ClientSecretHasher.withRandomKey(random);
        InMemoryClientStore clients = new InMemoryClientStore();
        clients.save(RegisteredClient.builder("web-app") // confidential: a server-side web application
                .secret(ClientSecret.of(hasher.hash(webAppSecret)))
                .authMethods("client_secret_basic")
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris("https://web.example.com/callback")
                .scopes("openid", "profile", "email")
                .clientName("Web App")
                .build());
        clients.save(RegisteredClient.builder("spa") // public: no secret, PKCE required
                .authMethods("none")
                .grantTypes("authorization_code", "refresh_token")
                .redirectUris("http://127.0.0.1:8080/callback")
                .scopes("openid", "profile")
                .build());
        clients.save(RegisteredClient.builder("reports") // a service acting for itself
                .secret(ClientSecret.of(hasher.hash("reports-secret-change-me")))
                .grantTypes("client_credentials")
                .scopes("reports:read")
                .build());

        UserAccounts users = new Pbkdf2Users(
                Map.of("alice", hashPassword("wonderland", random)),
                Map.of("alice", Map.of("name", "Alice Liddell", "email", "alice@example.com", "email_verified", true)));

        ReadyAuthorizationCodeFlow codeFlow = ReadyAuthorizationCodeFlow.builder()
                .clients(clients, hasher)
                .codes(new InMemoryAuthorizationCodeStore())
                .refreshTokens(new InMemoryRefreshTokenStore())
                .consents(new InMemoryConsentStore())
                .sessions(new InMemorySessionStore())
                .users(users)
                .build();
        ReadyClientCredentialsFlow serviceFlow =
                ReadyClientCredentialsFlow.builder().clients(clients, hasher).build();

        MultipleFlows design = MultipleFlowsBuilder.create()
                .setIssuer(issuer)
                .add(codeFlow.install(OIDCAuthorizationCodeBuilder.create()
                        // enable every method a registered client uses: "none" for the public PKCE
                        // client, or its token requests are invalid_client
                        .addClientAuthenticationMethod("client_secret_basic")
                        .addClientAuthenticationMethod("none")
                        .setScopes(Map.of("profile", "Your name", "email", "Your email address"))))
                .add(serviceFlow.install(OIDCClientCredentialsBuilder.create()
                        .addClientAuthenticationMethod("client_secret_basic")
                        .setScopes(Map.of("reports:read", "Read the reports"))))
                .build();

        return Javalin.create(config -> config.registerPlugin(new AuthDesignPlugin(design)))
                .start("127.0.0.1", port);
    }

    /** Users whose passwords are kept as salted PBKDF2 hashes, compared in constant time. */
    record Pbkdf2Users(Map<String, String> passwordHashes, Map<String, Map<String, Object>> claimsByUser)
            implements UserAccounts {

        @Override
        public Optional<String> authenticate(String username, String password) {
            String stored = passwordHashes.getOrDefault(username, UNKNOWN_USER);
            String[] saltAndHash = stored.split(":");
            byte[] expected = HexFormat.of().parseHex(saltAndHash[1]);
            byte[] presented = pbkdf2(password, HexFormat.of().parseHex(saltAndHash[0]));
            boolean matches = MessageDigest.isEqual(expected, presented); // an unknown user costs the same
            return matches && passwordHashes.containsKey(username) ? Optional.of(username) : Optional.empty();
        }

        @Override
        public Map<String, Object> claims(String subject) {
            return claimsByUser.getOrDefault(subject, Map.of());
        }
    }

    private static final String UNKNOWN_USER = "00".repeat(16) + ":" + "00".repeat(32);

    static String hashPassword(String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(pbkdf2(password, salt));
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 210_000, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private OpenIdProvider() {}
}
