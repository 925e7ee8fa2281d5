package io.authdesign.internal;

import java.util.Objects;

/** Validation of endpoint paths configured with {@code setPath}. */
public final class RoutePaths {

    private RoutePaths() {}

    /**
     * Checks a configured path.
     *
     * @param path the path
     * @return the path
     * @throws IllegalArgumentException when it is empty, does not start with {@code /}, or has a query,
     *     fragment or whitespace
     */
    public static String check(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c >= 0x7F)) {
            throw new IllegalArgumentException(
                    "An endpoint path must start with '/' and have no query, fragment or whitespace: '" + path + "'");
        }
        return path;
    }
}
