package io.authdesign.client;

/**
 * Where in a request a client authentication method finds its credentials. RFC 6749 section 2.3 forbids
 * a client to use more than one method in a request; the authenticator detects that by counting the
 * locations that carry credentials.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-2.3">RFC 6749 section 2.3</a>
 */
public enum CredentialLocation {
    /** The {@code Authorization} request header ({@code client_secret_basic}). */
    AUTHORIZATION_HEADER,
    /** A {@code client_secret} body parameter ({@code client_secret_post}). */
    FORM_SECRET,
    /** {@code client_assertion} and {@code client_assertion_type} body parameters (RFC 7521). */
    ASSERTION,
    /** Only a {@code client_id} body parameter: no credentials ({@code none}). */
    CLIENT_ID_ONLY
}
