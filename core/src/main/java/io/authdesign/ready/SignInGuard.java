package io.authdesign.ready;

import io.authdesign.observe.AuthEvent;
import io.authdesign.observe.AuthEventListener;
import io.authdesign.store.AttemptStore;
import io.authdesign.store.InMemoryAttemptStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Password sign-in held to limits, for the ready flows' sign-in pages (the authorization endpoint and the
 * device verification page) and for an application's own: failed attempts are counted per account and per
 * client address in an {@link AttemptStore} shared by every node, with growing delays and a temporary
 * lockout ({@link AttemptLimits}). A blocked attempt is refused before the password is checked, and the
 * answer is the same whether the account exists or not (the username is counted either way).
 *
 * <p>An attempt on an account counts as a failure before its password is checked and is forgiven when it
 * succeeds, so concurrent guesses on one account, on any node, cannot pass its limits together. A success
 * clears the account's failures, not the address's (one valid account must not reset an address that
 * guesses others).
 *
 * <p>Password hashes are slow on purpose, which makes sign-in a lever on the server's CPU for anyone. At
 * most {@link Builder#maxConcurrentVerifications(int)} passwords are checked at once (by default one per
 * processor); an attempt beyond that is answered at once with 503 and {@code Retry-After}, never queued,
 * so a flood of sign-ins cannot starve the token endpoint.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc6749#section-10.10">RFC 6749 section 10.10</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc9700#section-4.16">RFC 9700 section 4.16</a>
 */
public final class SignInGuard {

    /** The default bound on concurrent password checks: one per processor. */
    public static final int DEFAULT_MAX_CONCURRENT_VERIFICATIONS =
            Math.max(1, Runtime.getRuntime().availableProcessors());

    /** How long a sign-in refused because the bound was full is told to wait. */
    public static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final AttemptStore attempts;
    private final AttemptLimits accountLimits;
    private final AttemptLimits addressLimits;
    private final Clock clock;
    private final Throttle throttle;
    private final Semaphore verifications;
    private final AuthEventListener events;

    private SignInGuard(Builder builder) {
        this.events = Objects.requireNonNull(builder.events, "events");
        this.attempts = Objects.requireNonNull(builder.attempts, "attempts");
        this.accountLimits = Objects.requireNonNull(builder.accountLimits, "accountLimits");
        this.addressLimits = Objects.requireNonNull(builder.addressLimits, "addressLimits");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.throttle = new Throttle(attempts, clock);
        this.verifications = new Semaphore(builder.maxConcurrentVerifications);
    }

    /** Starts a builder: in-memory attempts (one node), the default limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** The store failures are counted in, for the other limits of the same pages. */
    AttemptStore attempts() {
        return attempts;
    }

    /** The clock. */
    Clock clock() {
        return clock;
    }

    /** What a sign-in attempt came to. */
    public sealed interface Outcome permits SignedIn, Refused, TryLater {}

    /**
     * The password was right.
     *
     * @param subject the user's subject identifier
     */
    public record SignedIn(String subject) implements Outcome {}

    /** The username or the password was wrong (which one is not said). */
    public record Refused() implements Outcome {}

    /**
     * The attempt was not checked: the account or the address is blocked ({@code 429}), or too many
     * passwords are being checked ({@code 503}). Answer with this status and {@code Retry-After}.
     *
     * @param status 429 or 503
     * @param retryAfter how long to wait
     */
    public record TryLater(int status, Duration retryAfter) implements Outcome {
        /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
        public long retryAfterSeconds() {
            return Throttle.seconds(retryAfter);
        }
    }

    /**
     * Checks a username and password within the limits.
     *
     * @param users the accounts
     * @param username the submitted username
     * @param password the submitted password
     * @param address the client's address ({@link io.authdesign.http.HttpRequest#remoteAddress()})
     * @return the outcome
     */
    public Outcome signIn(UserAccounts users, String username, String password, String address) {
        Outcome outcome = check(users, username, password, address);
        AuthEvent event = switch (outcome) {
            case SignedIn signedIn -> new AuthEvent.SignInSucceeded(signedIn.subject(), address);
            case Refused refused -> new AuthEvent.SignInFailed(address);
            case TryLater later -> new AuthEvent.SignInThrottled(address, later.status());
        };
        AuthEventListener.publish(events, event);
        return outcome;
    }

    private Outcome check(UserAccounts users, String username, String password, String address) {
        Throttle.Key account =
                Throttle.Key.of("sign-in account", username.strip().toLowerCase(Locale.ROOT), accountLimits);
        Throttle.Key from = Throttle.Key.ofAddress("sign-in address", address, addressLimits);
        Optional<Duration> blocked = throttle.blocked(account, from);
        if (blocked.isPresent()) {
            return new TryLater(429, blocked.get());
        }
        if (!verifications.tryAcquire()) {
            return new TryLater(503, BUSY_RETRY_AFTER);
        }
        try {
            return verify(users, username, password, account, from);
        } finally {
            verifications.release();
        }
    }

    private Outcome verify(
            UserAccounts users, String username, String password, Throttle.Key account, Throttle.Key from) {
        int before = attempts.find(account.hash(), clock.instant())
                .map(AttemptStore.Attempts::failures)
                .orElse(0);
        AttemptStore.Attempts counted =
                attempts.recordFailure(account.hash(), clock.instant(), accountLimits.lockout());
        if (counted.failures() > before + 1 && counted.failures() > accountLimits.freeFailures()) {
            // another attempt on this account was counted in between: it is the one being checked
            return new TryLater(429, throttle.blocked(account).orElse(accountLimits.firstDelay()));
        }
        Optional<String> subject = users.authenticate(username, password);
        if (subject.isPresent()) {
            throttle.clear(account);
            return new SignedIn(subject.get());
        }
        throttle.fail(from);
        return new Refused();
    }

    /** Builds a {@link SignInGuard}. */
    public static final class Builder {
        private AttemptStore attempts;
        private AttemptLimits accountLimits = AttemptLimits.ACCOUNT_DEFAULTS;
        private AttemptLimits addressLimits = AttemptLimits.ADDRESS_DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private int maxConcurrentVerifications = DEFAULT_MAX_CONCURRENT_VERIFICATIONS;
        private AuthEventListener events = AuthEventListener.NONE;

        private Builder() {}

        /**
         * Reports each sign-in's outcome ({@link AuthEvent.SignInSucceeded}, {@link AuthEvent.SignInFailed},
         * {@link AuthEvent.SignInThrottled}); none by default.
         */
        public Builder events(AuthEventListener listener) {
            this.events = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How many passwords may be checked at once in this process; {@link
         * #DEFAULT_MAX_CONCURRENT_VERIFICATIONS} by default. Beyond it, sign-in answers 503 at once.
         */
        public Builder maxConcurrentVerifications(int bound) {
            if (bound < 1) {
                throw new IllegalArgumentException("At least one password check must be allowed at a time");
            }
            this.maxConcurrentVerifications = bound;
            return this;
        }

        /**
         * Where failures are counted; shared by every node of a server (JDBC or Redis), else each node
         * counts its own. In memory by default.
         */
        public Builder attempts(AttemptStore store) {
            this.attempts = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The limits per account; {@link AttemptLimits#ACCOUNT_DEFAULTS} by default. */
        public Builder accountLimits(AttemptLimits limits) {
            this.accountLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The limits per client address; {@link AttemptLimits#ADDRESS_DEFAULTS} by default. */
        public Builder addressLimits(AttemptLimits limits) {
            this.addressLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds. */
        public SignInGuard build() {
            if (attempts == null) {
                attempts = new InMemoryAttemptStore(clock);
            }
            return new SignInGuard(this);
        }
    }
}
