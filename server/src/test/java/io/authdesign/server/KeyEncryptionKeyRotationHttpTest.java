package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reference server's key-encryption key rotation (issue 11 item 16, docs/OPERATIONS.md), on a shared
 * PostgreSQL schema: a node with the old key signs a token; nodes restarted with {@code [old, new]}, then
 * {@code [new, old]} (which seals the stored keys again under the new one), then {@code [new]} alone keep
 * verifying it with the same signing key; the old key alone no longer starts a node once the keys moved.
 */
class KeyEncryptionKeyRotationHttpTest {

    /** One issuer for every node, whatever port each listens on: they are one server. */
    private static final String CONFIG = """
            issuer: http://127.0.0.1:1
            port: PORT
            clients:
              - clientId: svc
                clientSecret: svc-secret-0123456789
                authMethods: [client_secret_basic]
                grantTypes: [client_credentials]
                scopes: [read]
            """;

    private final SharedStorage storage = SharedStorage.create();
    private final String oldKek = storage.keyEncryptionKey();
    private final String newKek = newKek();

    @AfterEach
    void drop() {
        storage.close();
    }

    private static String newKek() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A node on the shared schema with these key-encryption key lines. */
    private TestServer node(String kekLines) {
        String yaml = CONFIG
                + "storage: {type: postgresql, url: \"" + storage.url(5432) + "\", username: "
                + SharedStorage.POSTGRESQL_USER + ", poolSize: 4}\n" + kekLines;
        return TestServer.start(yaml);
    }

    private static String token(TestServer node) {
        HttpResponse<String> response = Http.postForm(
                node.tokenUrl(),
                "Basic " + Base64.getEncoder().encodeToString("svc:svc-secret-0123456789".getBytes()),
                Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) Http.json(response).get("access_token");
    }

    private static void assertServed(TestServer node, String token) {
        HttpResponse<String> response = Http.get(node.baseUrl() + "/api/me", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void tokenSignedUnderTheOldKekKeepsVerifyingThroughEachStepAndTheOldKekAloneFailsAfterwards() {
        String token;
        try (TestServer before = node("keyEncryptionKey: " + oldKek + "\n")) {
            token = token(before);
        }
        try (TestServer stepOne = node("keyEncryptionKeys: [" + oldKek + ", " + newKek + "]\n")) {
            assertServed(stepOne, token);
        }
        try (TestServer stepTwo = node("keyEncryptionKeys: [" + newKek + ", " + oldKek + "]\n")) {
            assertServed(stepTwo, token);
        }
        try (TestServer stepThree = node("keyEncryptionKey: " + newKek + "\n")) {
            assertServed(stepThree, token);
            assertServed(stepThree, token(stepThree));
        }

        assertThatThrownBy(() -> node("keyEncryptionKey: " + oldKek + "\n")).hasMessageContaining("key-encryption key");
    }
}
