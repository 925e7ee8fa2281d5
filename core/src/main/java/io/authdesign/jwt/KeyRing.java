package io.authdesign.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import io.authdesign.StoreUnavailableException;
import io.authdesign.keys.JwkSet;
import io.authdesign.keys.KeyLifecycle;
import io.authdesign.keys.StoredKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A design's signing keys as one node sees them: which key signs now, which key a {@code kid} names, the
 * published public halves, and rotation.
 *
 * <p>Rules: a key is published (in {@link #jwks()}) from its creation; a rotated-in key signs only after
 * its activation delay; when no key can sign, one is created that signs at once; reading keys to verify
 * never creates one. The store is read at most once per {@link #SNAPSHOT_TTL}, again at once for an
 * unknown {@code kid} (another node may have just created it), and a snapshot up to
 * {@link #SNAPSHOT_GRACE} old serves while the store is unreachable.
 *
 * <p>The re-read for an unknown {@code kid} is bounded, since anyone can send a token naming any
 * {@code kid}: a {@code kid} the store did not have at a re-read is not re-read for again during
 * {@link #UNKNOWN_KID_TTL} (a token with a new key's {@code kid} exists only once that key is stored, so a
 * {@code kid} once missing is forged or long gone), and at most {@link #UNKNOWN_KID_REREADS} re-reads
 * happen per {@link #SNAPSHOT_TTL}, whatever the {@code kid}s; beyond that an unknown {@code kid} costs no
 * store read, and a key created meanwhile is found at the next snapshot.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc7638#section-3">RFC 7638 section 3</a>
 */
public final class KeyRing {

    /** How long signing and verification reuse one read of the key store. */
    public static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

    /** How long a snapshot still serves while the key store is unreachable. */
    static final Duration SNAPSHOT_GRACE = Duration.ofMinutes(5);

    /** How long a {@code kid} the store did not have at a re-read is not re-read for again. */
    public static final Duration UNKNOWN_KID_TTL = Duration.ofSeconds(60);

    /** How many re-reads unknown {@code kid}s may cause per {@link #SNAPSHOT_TTL}, whatever the kids. */
    public static final int UNKNOWN_KID_REREADS = 5;

    /** How many missing {@code kid}s are remembered; past that the oldest are forgotten. */
    static final int UNKNOWN_KIDS_REMEMBERED = 1024;

    /** The keys as last read from the store, and when (by the lifecycle's clock). */
    private record Snapshot(List<StoredKey> keys, Instant readAt) {}

    private static final Comparator<StoredKey> NEWEST =
            Comparator.comparing(StoredKey::activatesAt).thenComparing(StoredKey::createdAt);

    private final KeyLifecycle lifecycle;
    private final Set<SigningAlgorithm> algorithms;
    private final Logger logger;
    private volatile Snapshot snapshot;
    /** The keys a rotation under way is making that will sign at once, by algorithm, until stored. */
    private final Map<SigningAlgorithm, CompletableFuture<StoredKey>> pending = new ConcurrentHashMap<>();

    private final Map<String, Instant> unknownKids = new LinkedHashMap<>();
    private Instant rereadWindow = Instant.MIN;
    private int rereads;

    /**
     * Creates a key ring.
     *
     * @param lifecycle the keys' lifecycle
     * @param algorithms the algorithms rotation renews keys for
     * @param logger where key creation and rotations are logged
     */
    public KeyRing(KeyLifecycle lifecycle, Set<SigningAlgorithm> algorithms, Logger logger) {
        this.lifecycle = lifecycle;
        this.algorithms = Set.copyOf(algorithms);
        this.logger = logger;
        // keys are generated and signed with the native provider when it is there; a server that loads it in
        // the background (NativeCrypto.installInBackground) does not wait for it here
        NativeCrypto.installUnlessInBackground();
    }

    /** The lifecycle. */
    public KeyLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * The key that signs now: the newest active key of the algorithm still published at {@code mustOutlive};
     * when there is none, a new key that signs at once.
     *
     * @param algorithm the algorithm
     * @param mustOutlive until when the signed token must verify
     */
    StoredKey signingKey(SigningAlgorithm algorithm, Instant mustOutlive) {
        Instant now = lifecycle.clock().instant();
        String name = algorithm.jws().getName();
        // the most recently activated key (then the most recently created), as one pass without streams:
        // this runs for every token issued
        StoredKey active = null;
        for (StoredKey k : snapshotKeys(now, false)) {
            if (k.expiresAt().isAfter(now)
                    && k.algorithm().equals(name)
                    && !k.activatesAt().isAfter(now)
                    && k.expiresAt().isAfter(mustOutlive)
                    && (active == null || NEWEST.compare(k, active) > 0)) {
                active = k;
            }
        }
        if (active != null) {
            return active;
        }
        CompletableFuture<StoredKey> first = pending.get(algorithm);
        if (first != null) {
            // the rotation under way makes the key that signs at once: wait for it instead of making another
            StoredKey made = joined(first);
            if (made.expiresAt().isAfter(mustOutlive)) {
                return made;
            }
        }
        logger.info(
                "No {} key can sign a token that must verify until {}: generating one that signs at once",
                algorithm,
                mustOutlive);
        return storeNewKey(algorithm, now, now);
    }

    /**
     * The unexpired key a {@code kid} names, re-reading the store once when the snapshot does not know it
     * and the bounds allow ({@link #UNKNOWN_KID_TTL}, {@link #UNKNOWN_KID_REREADS}): a key another node
     * created a moment ago (one that signs at once) is not in the snapshot yet.
     *
     * @param kid the key id
     * @param now the instant of the verification
     */
    Optional<StoredKey> verificationKey(String kid, Instant now) {
        Optional<StoredKey> key = find(keys(now, false), kid);
        if (key.isPresent() || !mayReread(kid, now)) {
            return key;
        }
        key = find(keys(now, true), kid);
        if (key.isEmpty()) {
            rememberUnknown(kid, now);
        }
        return key;
    }

    /** Whether an unknown {@code kid} may cost a store read now; counts the re-read when it may. */
    private synchronized boolean mayReread(String kid, Instant now) {
        Instant missingSince = unknownKids.get(kid);
        if (missingSince != null && now.isBefore(missingSince.plus(UNKNOWN_KID_TTL)) && !now.isBefore(missingSince)) {
            return false;
        }
        if (now.isBefore(rereadWindow) || !now.isBefore(rereadWindow.plus(SNAPSHOT_TTL))) {
            rereadWindow = now;
            rereads = 0;
        }
        if (rereads >= UNKNOWN_KID_REREADS) {
            return false;
        }
        rereads++;
        return true;
    }

    private synchronized void rememberUnknown(String kid, Instant now) {
        unknownKids.remove(kid);
        unknownKids.put(kid, now);
        if (unknownKids.size() > UNKNOWN_KIDS_REMEMBERED) {
            unknownKids.remove(unknownKids.keySet().iterator().next());
        }
    }

    /**
     * The published public keys as a JWK Set, newest first, public members only.
     *
     * @return the {@code {"keys": [...]}} document
     * @see <a href="https://datatracker.ietf.org/doc/html/rfc7517#section-5">RFC 7517 section 5</a>
     */
    public Map<String, Object> jwks() {
        return JwkSet.document(lifecycle.store().getKeys(lifecycle.clock().instant()));
    }

    /**
     * Rotates the keys if rotation is configured and the interval has passed since the last rotation (by
     * any node sharing the timestamp store): a new key per algorithm, published at once, signing after
     * the activation delay.
     *
     * @return whether this call rotated
     */
    public boolean checkAndRotateKeys() {
        return joined(checkAndRotateKeysAsync());
    }

    /**
     * As {@link #checkAndRotateKeys()}, returning once the rotation is decided and the keys' generation has
     * begun: the future completes when every new key is stored. Meanwhile a token of an algorithm that had
     * no key that signs waits for its own new key only (an EC key takes milliseconds, an RSA key tenths of a
     * second), and never generates a second one. A server starts listening while its first keys are made.
     *
     * @return whether this call rotates, once the new keys are stored (completed exceptionally when one
     *     could not be generated or stored)
     */
    public CompletableFuture<Boolean> checkAndRotateKeysAsync() {
        if (lifecycle.rotationInterval().isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        Instant now = lifecycle.clock().instant();
        Duration interval = lifecycle.rotationInterval().get();
        if (!lifecycle.rotationTimestamps().orElseThrow().claimRotation(now, interval)) {
            logger.debug("Keys were rotated less than {} ago", interval);
            return CompletableFuture.completedFuture(false);
        }
        return rotate(now).thenApply(rotated -> true);
    }

    /** Generates a new key per algorithm now, whatever the schedule, as the original's generateKeyPair. */
    public void generateKeyPair() {
        joined(rotate(lifecycle.clock().instant()));
    }

    /**
     * A new key per algorithm. Key generation is pure computation: the keys are generated at once, each on
     * a thread of its own (the common pool has a single worker on two cores, and other libraries queue work
     * there at start-up), and each is stored as soon as it exists. The keys that sign at once (an algorithm
     * without an active key) are {@link #pending} until stored.
     */
    private CompletableFuture<Void> rotate(Instant now) {
        List<StoredKey> existing = lifecycle.store().getKeys(now);
        Map<SigningAlgorithm, CompletableFuture<StoredKey>> stored = new LinkedHashMap<>();
        Map<SigningAlgorithm, Instant> activations = new LinkedHashMap<>();
        for (SigningAlgorithm algorithm : algorithms) {
            boolean hasActive = existing.stream()
                    .anyMatch(k -> k.algorithm().equals(algorithm.jws().getName())
                            && !k.activatesAt().isAfter(now));
            CompletableFuture<StoredKey> key = new CompletableFuture<>();
            stored.put(algorithm, key);
            activations.put(algorithm, hasActive ? now.plus(lifecycle.activationDelay()) : now);
            if (!hasActive) {
                pending.put(algorithm, key);
            }
        }
        stored.forEach((algorithm, key) -> Thread.ofPlatform()
                .daemon()
                .name("authdesign-keygen-" + algorithm)
                .start(() -> {
                    try {
                        Instant activatesAt = activations.get(algorithm);
                        StoredKey made = store(algorithm, generate(algorithm), now, activatesAt);
                        logger.info("Rotated {} keys: new key {} signs from {}", algorithm, made.kid(), activatesAt);
                        key.complete(made);
                    } catch (RuntimeException | Error e) {
                        key.completeExceptionally(e);
                    } finally {
                        pending.remove(algorithm, key);
                    }
                }));
        return CompletableFuture.allOf(stored.values().toArray(CompletableFuture<?>[]::new));
    }

    private static <T> T joined(CompletableFuture<T> key) {
        try {
            return key.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static JWK generate(SigningAlgorithm algorithm) {
        if (algorithm == SigningAlgorithm.RS256 || algorithm == SigningAlgorithm.PS256) {
            // the JDK makes an RSA key in up to seconds while its code is still interpreted, the native
            // provider in tens of milliseconds: an RSA key waits for the provider's loading, if it is under
            // way; an EC or EdDSA key (milliseconds either way) does not
            NativeCrypto.installIfAvailable();
        }
        try {
            return withThumbprintKid(algorithm.generate(null));
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("Key generation for " + algorithm + " failed", e);
        }
    }

    private StoredKey storeNewKey(SigningAlgorithm algorithm, Instant now, Instant activatesAt) {
        return store(algorithm, generate(algorithm), now, activatesAt);
    }

    private synchronized StoredKey store(SigningAlgorithm algorithm, JWK key, Instant now, Instant activatesAt) {
        StoredKey stored = new StoredKey(
                key.getKeyID(),
                algorithm.jws().getName(),
                key.toJSONString(),
                key.toPublicJWK().toJSONString(),
                now,
                activatesAt,
                now.plus(lifecycle.publicKeyExpiry()));
        lifecycle.store().storeKeyPair(stored);
        Snapshot current = snapshot;
        if (current != null) {
            List<StoredKey> keys = new ArrayList<>(current.keys());
            keys.add(stored);
            snapshot = new Snapshot(List.copyOf(keys), current.readAt());
        }
        return stored;
    }

    /**
     * The unexpired keys, from a snapshot of the store at most {@link #SNAPSHOT_TTL} old: signing and
     * verifying a token then costs no store read. When the store is unreachable, a snapshot up to {@link
     * #SNAPSHOT_GRACE} old still serves, so tokens keep being issued and verified during a short outage;
     * every key in it is re-checked against {@code now}, so none signs or verifies past its expiry.
     */
    private List<StoredKey> keys(Instant now, boolean fresh) {
        return snapshotKeys(now, fresh).stream()
                .filter(k -> k.expiresAt().isAfter(now))
                .toList();
    }

    /** The keys of the current snapshot (read again when stale or {@code fresh}), expired ones included. */
    private List<StoredKey> snapshotKeys(Instant now, boolean fresh) {
        Snapshot current = snapshot;
        if (fresh
                || current == null
                || !now.isBefore(current.readAt().plus(SNAPSHOT_TTL))
                || now.isBefore(current.readAt())) {
            try {
                current = new Snapshot(List.copyOf(lifecycle.store().getKeys(now)), now);
                snapshot = current;
            } catch (StoreUnavailableException e) {
                if (current == null || !now.isBefore(current.readAt().plus(SNAPSHOT_GRACE))) {
                    throw e;
                }
                logger.debug("Key store unreachable; signing and verifying with the keys read at {}", current.readAt());
            }
        }
        return current.keys();
    }

    private static Optional<StoredKey> find(List<StoredKey> keys, String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** The key with its RFC 7638 SHA-256 thumbprint as {@code kid}: unique, and derivable by anyone. */
    static JWK withThumbprintKid(JWK key) throws JOSEException, ParseException {
        Map<String, Object> json = new LinkedHashMap<>(key.toJSONObject());
        json.put("kid", key.computeThumbprint().toString());
        return JWK.parse(json);
    }
}
