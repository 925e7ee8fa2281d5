package io.authdesign.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server's audit log: one JSON object per line ({@code time}, {@code event} and the event's
 * identifiers) for each sign-in, consent, token issued, revocation, refresh token reuse and key rotation.
 * The events carry no credential, so no line holds a token, code, secret or password. Latency, error and
 * store outage events are metrics, not audit, and are not written.
 */
final class AuditLog implements AuthEventListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;
    private final boolean ownsStream;
    private final Clock clock;

    private AuditLog(OutputStream out, boolean ownsStream, Clock clock) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.clock = clock;
    }

    /** Appends to a file, created when missing. */
    static AuditLog toFile(Path file, Clock clock) throws IOException {
        return new AuditLog(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, clock);
    }

    /** Writes to a stream the caller owns (standard output). */
    static AuditLog to(OutputStream stream, Clock clock) {
        return new AuditLog(stream, false, clock);
    }

    @Override
    public void onEvent(AuthEvent event) {
        Map<String, Object> fields = fields(event);
        if (fields.isEmpty()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", event.name());
        line.putAll(fields);
        try {
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                out.write(bytes);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            LOG.warn("An audit event could not be written as JSON: {}", event.name());
        } catch (IOException e) {
            LOG.warn("The audit log could not be written: {}", e.getMessage());
        }
    }

    /** The identifiers an auditor needs; empty for the events that are not audited. */
    private static Map<String, Object> fields(AuthEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (event) {
            case AuthEvent.SignInSucceeded e -> {
                fields.put("subject", e.subject());
                fields.put("address", e.address());
            }
            case AuthEvent.SignInFailed e -> fields.put("address", e.address());
            case AuthEvent.SignInThrottled e -> {
                fields.put("address", e.address());
                fields.put("status", e.status());
            }
            case AuthEvent.ConsentGranted e -> {
                fields.put("subject", e.subject());
                fields.put("client_id", e.clientId());
                fields.put("scope", String.join(" ", new TreeSet<>(e.scopes())));
            }
            case AuthEvent.TokenIssued e -> {
                fields.put("grant_type", e.grantType());
                fields.put("client_id", e.clientId());
            }
            case AuthEvent.TokenRevoked e -> fields.put("client_id", e.clientId());
            case AuthEvent.GrantRevoked e -> fields.put("grant_id", e.grantId());
            case AuthEvent.RefreshReuseDetected e -> {
                fields.put("client_id", e.clientId());
                fields.put("grant_id", e.grantId());
            }
            case AuthEvent.KeysRotated e -> fields.put("keys", "rotated");
            case AuthEvent.ErrorReturned e -> {}
            case AuthEvent.StoreFailed e -> {}
            case AuthEvent.EndpointServed e -> {}
        }
        return fields;
    }

    @Override
    public void close() {
        if (ownsStream) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("The audit log could not be closed: {}", e.getMessage());
            }
        }
    }
}
