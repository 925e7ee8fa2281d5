package io.authdesign.jdbc;

import io.authdesign.OAuth2Exception;
import io.authdesign.http.FormCodec;
import io.authdesign.http.FormParameters;
import io.authdesign.store.PushedRequest;
import io.authdesign.store.PushedRequestStore;
import io.authdesign.store.TokenHashes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link PushedRequestStore} in the {@code pushed_requests} table: the parameters form-encoded in one
 * column. {@link #consume} is one {@code DELETE} of the unexpired row, so exactly one caller sees it
 * deleted.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9126">RFC 9126</a>
 */
final class JdbcPushedRequestStore implements PushedRequestStore {

    private final Db db;
    private final Clock clock;

    JdbcPushedRequestStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void save(PushedRequest request) {
        Objects.requireNonNull(request, "request");
        db.run("Save pushed request", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pushed_requests (request_uri_hash, client_id, parameters, expires_at)"
                            + " VALUES (?, ?, ?, ?)")) {
                insert.setString(1, request.requestUriHash());
                insert.setString(2, request.clientId());
                insert.setString(3, encode(request.parameters()));
                Columns.setInstant(insert, 4, request.expiresAt());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PushedRequest> find(String requestUri) {
        if (requestUri == null) {
            return Optional.empty();
        }
        return db.run("Find pushed request", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT client_id, parameters, expires_at FROM pushed_requests"
                            + " WHERE request_uri_hash = ? AND expires_at > ?")) {
                select.setString(1, TokenHashes.sha256(requestUri));
                Columns.setInstant(select, 2, clock.instant());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new PushedRequest(
                            requestUri,
                            rows.getString("client_id"),
                            decode(rows.getString("parameters")),
                            Columns.getInstant(rows, "expires_at")));
                }
            }
        });
    }

    @Override
    public boolean consume(String requestUri) {
        if (requestUri == null) {
            return false;
        }
        return db.run("Consume pushed request", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pushed_requests WHERE request_uri_hash = ? AND expires_at > ?")) {
                delete.setString(1, TokenHashes.sha256(requestUri));
                Columns.setInstant(delete, 2, clock.instant());
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static String encode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> FormCodec.encode(p.getKey()) + "=" + FormCodec.encode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> decode(String encoded) {
        try {
            return FormParameters.parse(encoded).asMap();
        } catch (OAuth2Exception e) {
            throw new IllegalStateException("A stored pushed request is not form-encoded", e);
        }
    }
}
