package io.authdesign.flow;

import io.authdesign.client.ClientAuthMethod;
import io.authdesign.client.ClientAuthenticator;
import io.authdesign.token.TokenType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** What a flow builder accumulated, checked and copied at {@code build()}. */
record FlowSettings(
        String issuer,
        Logger logger,
        String strategyName,
        String description,
        Map<String, String> scopes,
        List<ClientAuthMethod> methods,
        TokenType tokenType,
        long tokenTtl) {

    FlowSettings {
        scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
        methods = List.copyOf(methods);
    }

    ClientAuthenticator authenticator() {
        return new ClientAuthenticator(methods);
    }
}
