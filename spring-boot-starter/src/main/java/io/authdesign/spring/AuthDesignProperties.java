package io.authdesign.spring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Reads the {@code authdesign} subtree of Spring's environment back into the tree of the reference server's
 * configuration file: the same keys ({@code issuer}, {@code clients}, {@code storage}, ...) with their lists
 * as lists again (Spring's property sources hold {@code clients[0].clientId}, which binds as a map keyed by
 * the index).
 */
public final class AuthDesignProperties {

    /** The prefix of the properties: the reference server's keys go under it. */
    public static final String PREFIX = "authdesign";

    private AuthDesignProperties() {}

    /**
     * The configuration tree under {@value #PREFIX}.
     *
     * @param environment Spring's environment (YAML, properties, command line, environment variables)
     * @return the tree, empty when nothing is configured
     */
    public static Map<String, Object> tree(Environment environment) {
        Map<String, Object> bound = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) restoreLists(bound);
        return tree;
    }

    /** Maps whose keys are the indexes 0..n-1 (or [0]..[n-1]) become lists, at every depth. */
    static Object restoreLists(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((key, value) -> entries.put(String.valueOf(key), restoreLists(value)));
            List<Object> list = asList(entries);
            return list == null ? entries : list;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(AuthDesignProperties::restoreLists).toList();
        }
        return node;
    }

    private static List<Object> asList(Map<String, Object> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        Object[] items = new Object[entries.size()];
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("[") && key.endsWith("]")) {
                key = key.substring(1, key.length() - 1);
            }
            int index;
            try {
                index = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                return null;
            }
            if (index < 0 || index >= items.length || items[index] != null) {
                return null;
            }
            items[index] = entry.getValue();
        }
        return new ArrayList<>(List.of(items));
    }

    /**
     * Where relative paths start, as in the reference server: the directory of the file that sets
     * {@code authdesign.storage.path} (or, failing that, {@code authdesign.issuer}), else the working directory.
     *
     * @param environment Spring's environment
     * @return the base directory
     */
    public static Path baseDirectory(Environment environment) {
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (String key : List.of(PREFIX + ".storage.path", PREFIX + ".issuer")) {
                for (PropertySource<?> source : configurable.getPropertySources()) {
                    if (source.containsProperty(key)
                            && OriginLookup.getOrigin(source, key) instanceof TextResourceOrigin origin
                            && origin.getResource() != null
                            && origin.getResource().isFile()) {
                        try {
                            return origin.getResource()
                                    .getFile()
                                    .toPath()
                                    .toAbsolutePath()
                                    .getParent();
                        } catch (IOException e) {
                            break;
                        }
                    }
                }
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
