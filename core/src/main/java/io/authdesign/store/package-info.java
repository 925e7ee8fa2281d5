/**
 * Store SPIs shaped by the token lifecycle (STYLE.md rule 12), with in-memory implementations.
 *
 * <p>One interface per model ({@link io.authdesign.store.ClientStore}, {@link
 * io.authdesign.store.AuthorizationCodeStore}, {@link io.authdesign.store.RefreshTokenStore}, {@link
 * io.authdesign.store.DeviceCodeStore}, {@link io.authdesign.store.ConsentStore}, {@link
 * io.authdesign.store.SessionStore}), each with its own {@code InMemory...} class, so that a deployment can
 * put each model where it belongs (codes and device polling on Redis, clients and refresh-token families in
 * PostgreSQL) and a user replaces one store without touching the others.
 *
 * <p>Every method is shaped so that a database implements it with one atomic statement (a PostgreSQL
 * {@code UPDATE ... RETURNING} or a Redis script): the stores decide one-time use, reuse and revocation
 * themselves, and never hand the caller a read-then-write. Values that act as bearer credentials
 * (authorization codes, refresh tokens, device codes, session ids) are kept only as their {@link
 * io.authdesign.store.TokenHashes#sha256 SHA-256 hash} (refresh tokens under {@link
 * io.authdesign.store.OrderedTokens#key}: their issue-time prefix, then that hash), and client secrets as keyed hashes ({@link
 * io.authdesign.store.ClientSecretHasher}), so a copy of a store cannot be replayed.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10">RFC 6749 section 10</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14">RFC 9700 section 4.14</a>
 */
package io.authdesign.store;
