package io.authdesign.server;

import io.authdesign.ready.UserAccounts;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/** The configuration's users for the ready handlers: the username is the subject, passwords are PBKDF2. */
final class ServerUsers implements UserAccounts {

    private final Registry registry;
    private final PasswordHasher passwords;
    private final PasswordHasher.Hash decoy;

    ServerUsers(Registry registry, SecureRandom random) {
        this.registry = registry;
        this.passwords = new PasswordHasher(random);
        this.decoy = passwords.hash("decoy password for unknown users");
    }

    @Override
    public Optional<String> authenticate(String username, String password) {
        Registry.User user = registry.users().get(username);
        if (user == null) {
            passwords.matches(password, decoy); // the same work as a wrong password: no timing oracle
            return Optional.empty();
        }
        return passwords.matches(password, user.password()) ? Optional.of(user.username()) : Optional.empty();
    }

    @Override
    public Map<String, Object> claims(String subject) {
        Registry.User user = registry.users().get(subject);
        return user == null ? Map.of() : user.claims();
    }
}
