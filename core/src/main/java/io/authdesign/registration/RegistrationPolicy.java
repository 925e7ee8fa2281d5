package io.authdesign.registration;

import io.authdesign.token.ResponseTypes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a dynamically registered client may ask for: the values the server offers, against which every
 * registration is checked (RFC 7591 section 2: the server may refuse a value it does not support).
 *
 * @param authMethods the token endpoint authentication methods offered ({@code
 *     token_endpoint_auth_methods_supported}); the first one that needs a secret is the default
 * @param grantTypes the grant types offered
 * @param scopes the scopes offered; a registration without {@code scope} gets all of them
 * @param idTokenAlgorithms the signing algorithms offered for ID tokens ({@code id_token_signed_response_alg})
 *     and for UserInfo responses ({@code userinfo_signed_response_alg}, OpenID Connect Dynamic Client
 *     Registration 1.0 section 2): the server signs both with the same keys
 * @param responseTypes the implicit response types offered besides {@code code} ({@code id_token}, {@code
 *     id_token token}, with the {@code implicit} grant type among {@code grantTypes}); empty by default, since
 *     RFC 9700 section 2.1.2 says clients should not use them
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7591#section-2">RFC 7591 section 2</a>
 */
public record RegistrationPolicy(
        Set<String> authMethods,
        Set<String> grantTypes,
        Set<String> scopes,
        Set<String> idTokenAlgorithms,
        Set<String> responseTypes) {

    /** A policy that offers the response type {@code code} alone. */
    public RegistrationPolicy(
            Set<String> authMethods, Set<String> grantTypes, Set<String> scopes, Set<String> idTokenAlgorithms) {
        this(authMethods, grantTypes, scopes, idTokenAlgorithms, Set.of());
    }

    /** Copies the sets, keeping their order. */
    public RegistrationPolicy {
        authMethods = copy(authMethods);
        grantTypes = copy(grantTypes);
        scopes = copy(scopes);
        idTokenAlgorithms = copy(idTokenAlgorithms);
        responseTypes = copy(responseTypes);
        if (!ResponseTypes.IMPLICIT.containsAll(responseTypes)) {
            throw new IllegalArgumentException("The response types offered besides code are id_token and"
                    + " id_token token, not " + responseTypes);
        }
        if (authMethods.isEmpty() || grantTypes.isEmpty()) {
            throw new IllegalArgumentException("A registration policy needs authentication methods and grant types");
        }
    }

    private static Set<String> copy(Set<String> values) {
        Set<String> copy = new LinkedHashSet<>();
        values.forEach(value -> copy.add(Objects.requireNonNull(value, "value")));
        return java.util.Collections.unmodifiableSet(copy);
    }

    /** The policy's values as lists, for error messages. */
    List<String> authMethodList() {
        return List.copyOf(authMethods);
    }
}
