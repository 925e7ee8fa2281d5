package io.authdesign.bench;

import io.authdesign.jdbc.JdbcDataSources;
import io.authdesign.jwt.NativeCrypto;
import io.authdesign.store.OrderedTokens;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * The throughput floor of a refresh-token rotation on PostgreSQL on the reference server's stack: Jetty and
 * Javalin on virtual threads, the server's connection pool ({@link JdbcDataSources#postgresql}, 16 connections),
 * and a {@code POST /oauth2/token} that does only what a rotation cannot skip: read the form, key the presented
 * token as the stores do ({@link OrderedTokens#key}), send the reference server's two statements (the lookup of
 * the live token, then the one-statement rotation of {@code JdbcRefreshTokenStore}, the same SQL that
 * {@code bench/load/refresh-rotation.sql} gives pgbench), each on a connection taken from the pool for it as
 * the server's stores take one, sign one ES256 access token between them ({@link FloorSigner}), and answer the
 * new tokens. No client check, no scope or key binding, no reuse detection, no grace window: a token it cannot
 * rotate is {@code invalid_grant}.
 *
 * <p>It works on the server's own schema and rows: {@code bench/run-load.sh} stops the server after its
 * rotations on PostgreSQL and points this floor at the same database, where it continues the same families, so
 * that what separates the two is the server's code, not the data. The rate it reaches, against pgbench's rate
 * of the same statements alone, says what share of the database's rate a rotation can reach through this HTTP
 * stack and driver at all, on the same cores.
 *
 * <p>{@code java -cp benchmarks.jar io.authdesign.bench.RefreshFloor PORT JDBC-URL [USER]} serves until killed.
 */
public final class RefreshFloor {

    private static final String COLUMNS = "t.token_hash, t.family_id, t.grant_id, t.client_id, t.subject, t.scopes,"
            + " t.auth_time, t.dpop_jkt, t.issued_at, t.expires_at, t.resources, t.sid";

    /** The live token's row (JdbcRefreshTokenStore's lookup). */
    static final String FIND = "SELECT " + COLUMNS + " FROM refresh_tokens t"
            + " JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = ?"
            + " AND t.used_at IS NULL AND t.expires_at > ? AND f.expires_at > ? AND f.revoked = FALSE";

    /** The rotation of an unused token of a live family in one statement (JdbcRefreshTokenStore's). */
    static final String ROTATE = "WITH live AS ("
            + "SELECT f.family_id FROM refresh_tokens t JOIN refresh_families f ON f.family_id = t.family_id"
            + " WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND f.expires_at > ?"
            + " AND f.revoked = FALSE FOR UPDATE OF f),"
            + " used AS (UPDATE refresh_tokens t SET used_at = ?, successor_hash = ? FROM live"
            + " WHERE t.token_hash = ? AND t.family_id = live.family_id AND t.used_at IS NULL"
            + " RETURNING " + COLUMNS + "),"
            + " next AS (INSERT INTO refresh_tokens (token_hash, family_id, grant_id, client_id, subject, scopes,"
            + " auth_time, dpop_jkt, issued_at, expires_at, resources, sid)"
            + " SELECT ?, family_id, grant_id, client_id, subject, scopes, auth_time, dpop_jkt, ?, expires_at,"
            + " resources, sid FROM used)"
            + " SELECT token_hash, family_id, grant_id, client_id, subject, scopes, auth_time, dpop_jkt, issued_at,"
            + " expires_at, resources, sid FROM used";

    private static final byte[] INVALID_GRANT = "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INVALID_REQUEST = "{\"error\":\"invalid_request\"}".getBytes(StandardCharsets.US_ASCII);

    /** The columns a row is read into, as the store reads a record. */
    private record Row(String subject, String clientId, String scopes, OffsetDateTime expiresAt) {}

    private final DataSource pool;
    private final FloorSigner signer;
    private final SecureRandom random = new SecureRandom();

    private RefreshFloor(DataSource pool, FloorSigner signer) {
        this.pool = pool;
        this.signer = signer;
    }

    /**
     * Starts the floor server.
     *
     * @param args the port, the PostgreSQL JDBC URL of the server's database, and optionally its user
     *     ({@code postgres} by default, no password)
     * @throws GeneralSecurityException when no P-256 key can be made
     */
    public static void main(String[] args) throws GeneralSecurityException {
        Provider provider = NativeCrypto.installIfAvailable().orElse(null);
        DataSource pool = JdbcDataSources.postgresql(args[1], args.length > 2 ? args[2] : "postgres", null, 16);
        start(Integer.parseInt(args[0]), pool, FloorSigner.newKey(provider), provider);
        System.out.println("RefreshFloor listening on 127.0.0.1:" + args[0] + ", signing with "
                + (provider == null ? "the JDK's providers" : provider.getName()));
    }

    /** Serves on 127.0.0.1:{@code port} (0: a free port), rotating in {@code pool}'s database. */
    static Javalin start(int port, DataSource pool, KeyPair key, Provider provider) {
        RefreshFloor floor = new RefreshFloor(pool, new FloorSigner(key.getPrivate(), provider));
        return TokenFloor.serve(port, config -> config.routes.post("/oauth2/token", floor::refresh));
    }

    private void refresh(Context ctx) throws Exception {
        String presented = ctx.formParam("refresh_token");
        if (!"refresh_token".equals(ctx.formParam("grant_type"))
                || presented == null
                || ctx.formParam("client_id") == null) {
            answer(ctx, 400, INVALID_REQUEST);
            return;
        }
        String key = OrderedTokens.key(presented);
        Instant now = Instant.now();
        OffsetDateTime at = OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        Row current;
        try (Connection connection = pool.getConnection();
                PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setString(1, key);
            find.setObject(2, at);
            find.setObject(3, at);
            current = read(find);
        }
        if (current == null) {
            answer(ctx, 400, INVALID_GRANT);
            return;
        }
        String accessToken = signer.accessToken(current.subject(), current.clientId());
        String next = OrderedTokens.generate(now, random);
        String nextKey = OrderedTokens.key(next);
        try (Connection connection = pool.getConnection();
                PreparedStatement rotate = connection.prepareStatement(ROTATE)) {
            rotate.setString(1, key);
            rotate.setObject(2, at);
            rotate.setObject(3, at);
            rotate.setObject(4, at);
            rotate.setString(5, nextKey);
            rotate.setString(6, key);
            rotate.setString(7, nextKey);
            rotate.setObject(8, at);
            if (read(rotate) == null) {
                answer(ctx, 400, INVALID_GRANT);
                return;
            }
        }
        answer(
                ctx,
                200,
                ("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                                + "\"refresh_token\":\"" + next + "\",\"scope\":\"" + current.scopes() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The statement's one row, every column read (by position) as the store reads a record; {@code null} when none. */
    private static Row read(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            rows.getString(1); // token_hash
            rows.getString(2); // family_id
            rows.getString(3); // grant_id
            rows.getObject(7, OffsetDateTime.class); // auth_time
            rows.getString(8); // dpop_jkt
            rows.getObject(9, OffsetDateTime.class); // issued_at
            rows.getString(11); // resources
            rows.getString(12); // sid
            return new Row(
                    rows.getString(5), // subject
                    rows.getString(4), // client_id
                    rows.getString(6), // scopes
                    rows.getObject(10, OffsetDateTime.class)); // expires_at
        }
    }

    private static void answer(Context ctx, int status, byte[] body) throws java.io.IOException {
        ctx.status(status).contentType("application/json").header("Cache-Control", "no-store");
        ctx.outputStream().write(body);
    }
}
