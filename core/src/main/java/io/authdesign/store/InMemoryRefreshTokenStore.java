package io.authdesign.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RefreshTokenStore} in process memory. Rotation touches several entries (the presented token,
 * its successor, the family), so every method holds the store's lock: one rotation at a time, which is
 * cheap next to issuing the tokens. Tokens and families are dropped at the family's expiry, lazily on
 * access and by a sweep at most every 30 seconds.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2">RFC 9700 section 4.14.2</a>
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

    /**
     * A token and its use: {@code usedAt} is when it was first rotated, {@code successorHash} the hash of
     * the token that currently replaces it; a used token without successor was superseded.
     */
    private record TokenState(RefreshTokenRecord record, Instant usedAt, String successorHash) {
        boolean isUsed() {
            return usedAt != null;
        }
    }

    private record Family(String grantId, Instant expiresAt, boolean revoked) {}

    private final Map<String, TokenState> tokens = new HashMap<>();
    private final Map<String, Family> families = new HashMap<>();
    private final Clock clock;
    private final Sweeper sweeper;

    /** Creates a store on the system clock. */
    public InMemoryRefreshTokenStore() {
        this(Clock.systemUTC());
    }

    /** Creates a store on the given clock. */
    public InMemoryRefreshTokenStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new Sweeper(clock);
    }

    @Override
    public synchronized void save(RefreshTokenRecord record) {
        Objects.requireNonNull(record, "record");
        sweep();
        if (tokens.containsKey(record.tokenHash())) {
            throw new IllegalArgumentException("A refresh token with this hash is already stored");
        }
        tokens.put(record.tokenHash(), new TokenState(record, null, null));
        families.putIfAbsent(record.familyId(), new Family(record.grantId(), record.expiresAt(), false));
    }

    @Override
    public synchronized RefreshRotation rotate(String presented, String newToken, Instant now, Duration graceWindow) {
        Objects.requireNonNull(newToken, "newToken");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(graceWindow, "graceWindow");
        sweep();
        TokenState state = presented == null ? null : tokens.get(OrderedTokens.key(presented));
        Family family = state == null ? null : families.get(state.record().familyId());
        if (family == null || state.record().isExpiredAt(now) || !now.isBefore(family.expiresAt())) {
            return new RefreshRotation.Unknown();
        }
        RefreshTokenRecord record = state.record();
        if (family.revoked()) {
            return new RefreshRotation.Revoked(record);
        }
        if (!state.isUsed()) {
            return replace(state, now, newToken, now);
        }
        if (isWithinGrace(state, now, graceWindow)) {
            return replace(state, state.usedAt(), newToken, now);
        }
        families.put(record.familyId(), new Family(family.grantId(), family.expiresAt(), true));
        return new RefreshRotation.Reused(record);
    }

    @Override
    public synchronized RefreshRotation useWithoutRotation(String presented, Instant now) {
        Objects.requireNonNull(now, "now");
        sweep();
        TokenState state = presented == null ? null : tokens.get(OrderedTokens.key(presented));
        Family family = state == null ? null : families.get(state.record().familyId());
        if (family == null || state.record().isExpiredAt(now) || !now.isBefore(family.expiresAt())) {
            return new RefreshRotation.Unknown();
        }
        RefreshTokenRecord record = state.record();
        if (family.revoked()) {
            return new RefreshRotation.Revoked(record);
        }
        if (!state.isUsed()) {
            return new RefreshRotation.Kept(record);
        }
        families.put(record.familyId(), new Family(family.grantId(), family.expiresAt(), true));
        return new RefreshRotation.Reused(record);
    }

    /** Issues the successor of {@code state}, superseding the one it had (used, without successor). */
    private RefreshRotation replace(TokenState state, Instant usedAt, String newToken, Instant now) {
        RefreshTokenRecord next = state.record().successor(newToken, now);
        if (tokens.containsKey(next.tokenHash())) {
            throw new IllegalArgumentException("A refresh token with this hash is already stored");
        }
        if (state.successorHash() != null) {
            TokenState superseded = tokens.get(state.successorHash());
            tokens.put(state.successorHash(), new TokenState(superseded.record(), now, null));
        }
        tokens.put(next.tokenHash(), new TokenState(next, null, null));
        tokens.put(state.record().tokenHash(), new TokenState(state.record(), usedAt, next.tokenHash()));
        return new RefreshRotation.Rotated(state.record(), next);
    }

    /** Within the window after the first use, and the successor is the family's live token. */
    private boolean isWithinGrace(TokenState state, Instant now, Duration graceWindow) {
        if (graceWindow.isNegative() || graceWindow.isZero() || state.successorHash() == null) {
            return false;
        }
        TokenState successor = tokens.get(state.successorHash());
        return now.isBefore(state.usedAt().plus(graceWindow)) && successor != null && !successor.isUsed();
    }

    @Override
    public synchronized Optional<RefreshTokenRecord> find(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        sweep();
        Instant now = clock.instant();
        TokenState state = tokens.get(OrderedTokens.key(presented));
        if (state == null || state.isUsed() || state.record().isExpiredAt(now)) {
            return Optional.empty();
        }
        Family family = families.get(state.record().familyId());
        if (family == null || family.revoked() || !now.isBefore(family.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(state.record());
    }

    @Override
    public synchronized void revokeFamily(String familyId) {
        families.computeIfPresent(familyId, (id, family) -> new Family(family.grantId(), family.expiresAt(), true));
    }

    @Override
    public synchronized void revokeGrant(String grantId) {
        families.replaceAll((id, family) ->
                family.grantId().equals(grantId) ? new Family(family.grantId(), family.expiresAt(), true) : family);
    }

    private void sweep() {
        if (sweeper.due()) {
            Instant now = clock.instant();
            tokens.values().removeIf(state -> state.record().isExpiredAt(now));
            families.values().removeIf(family -> !now.isBefore(family.expiresAt()));
        }
    }

    @Override
    public synchronized List<UserGrant> grantsOf(String subject, Instant now) {
        Map<String, UserGrant> grants = new LinkedHashMap<>();
        for (TokenState state : tokens.values()) {
            RefreshTokenRecord record = state.record();
            Family family = families.get(record.familyId());
            if (record.subject().equals(subject)
                    && state.usedAt() == null
                    && !record.isExpiredAt(now)
                    && family != null
                    && !family.revoked()
                    && now.isBefore(family.expiresAt())) {
                grants.putIfAbsent(
                        record.grantId(),
                        new UserGrant(record.grantId(), record.clientId(), record.scopes(), family.expiresAt()));
            }
        }
        return List.copyOf(grants.values());
    }
}
