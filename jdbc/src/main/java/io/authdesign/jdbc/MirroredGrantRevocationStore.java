package io.authdesign.jdbc;

import io.authdesign.store.GrantRevocationStore;
import io.authdesign.store.TokenHashes;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation list of a database that this instance alone writes, answered from memory: the entries in
 * force are read once, and every revocation is written to the database and then to memory, so a lookup
 * reads no database and answers as the database would.
 *
 * <p>Bounded: when more than {@code maxEntries} entries are in force (after the ended ones are dropped),
 * the memory copy is given up for good and every lookup reads the database again, as {@link
 * JdbcGrantRevocationStore} does.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7009#section-2.1">RFC 7009 section 2.1</a>
 */
final class MirroredGrantRevocationStore implements GrantRevocationStore {

    private final JdbcGrantRevocationStore database;
    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Instant> entries = new ConcurrentHashMap<>();
    private volatile boolean mirrored;

    MirroredGrantRevocationStore(JdbcGrantRevocationStore database, Clock clock, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
        Map<String, Instant> current = database.inForce(clock.instant(), maxEntries);
        if (current.size() <= maxEntries) {
            entries.putAll(current);
            mirrored = true;
        }
    }

    @Override
    public void revoke(String grantId, Instant until) {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(until, "until");
        String hash = TokenHashes.sha256(grantId);
        try {
            database.revokeHash(hash, until);
        } finally {
            // also when the write failed: a revocation of unknown outcome holds in this process (fail closed)
            remember(hash, until);
        }
    }

    @Override
    public boolean isRevoked(String grantId, Instant now) {
        if (grantId == null) {
            return false;
        }
        if (mirrored) {
            // no hash while nothing is revoked, the common case
            Instant end = entries.isEmpty() ? null : entries.get(TokenHashes.sha256(grantId));
            if (end != null) {
                return end.isAfter(now);
            }
            if (mirrored) {
                return false;
            }
            // the copy was given up meanwhile (the flag is cleared before the entries): ask the database
        }
        return database.isRevokedHash(TokenHashes.sha256(grantId), now);
    }

    /** Whether lookups are still answered from memory. */
    boolean mirrored() {
        return mirrored;
    }

    private void remember(String hash, Instant until) {
        if (!mirrored) {
            return;
        }
        entries.merge(hash, until, (earlier, later) -> earlier.isAfter(later) ? earlier : later);
        if (entries.size() > maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(end -> !end.isAfter(now));
            if (entries.size() > maxEntries) {
                mirrored = false;
                entries.clear();
            }
        }
    }
}
