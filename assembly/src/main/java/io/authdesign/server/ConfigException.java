package io.authdesign.server;

/** A configuration file the server cannot start with: which file, which key, and why. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param source the file (or "demo configuration")
     * @param key the key at fault, such as {@code clients[0].clientSecret}, or empty for the whole file
     * @param reason what is wrong
     */
    public ConfigException(String source, String key, String reason) {
        super(
                key.isEmpty()
                        ? "Configuration error in " + source + ": " + reason
                        : "Configuration error in " + source + " at '" + key + "': " + reason);
    }
}
