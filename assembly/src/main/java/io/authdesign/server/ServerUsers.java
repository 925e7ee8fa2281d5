package io.authdesign.server;

import io.authdesign.ready.UserAccounts;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration's users for the ready handlers: the username is the subject, passwords are PBKDF2.
 * The library has the {@link UserAccounts} SPI but no user model, so the reference server keeps its own.
 */
final class ServerUsers implements UserAccounts {

    private final Map<String, User> users;
    private final PasswordHasher passwords;
    private final PasswordHasher.Hash decoy;

    ServerUsers(Map<String, User> users, SecureRandom random) {
        this.users = Map.copyOf(users);
        this.passwords = new PasswordHasher(random);
        this.decoy = passwords.decoy();
    }

    /**
     * A user of the configuration.
     *
     * @param username the login name
     * @param password the password hash
     * @param claims the user's claims
     */
    record User(String username, PasswordHasher.Hash password, Map<String, Object> claims) {}

    @Override
    public Optional<String> authenticate(String username, String password) {
        User user = users.get(username);
        if (user == null) {
            passwords.matches(password, decoy); // the same work as a wrong password: no timing oracle
            return Optional.empty();
        }
        return passwords.matches(password, user.password()) ? Optional.of(user.username()) : Optional.empty();
    }

    @Override
    public Map<String, Object> claims(String subject) {
        User user = users.get(subject);
        return user == null ? Map.of() : user.claims();
    }
}
