package io.authdesign.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a configuration tree onto {@link ServerConfig}, key by key: the maps, lists and scalars that the YAML
 * reader yields ({@link #read(JsonParser)}) or that a property source holds (scalars as text).
 *
 * <p>It takes the place of data binding, whose introspection of the records cost a few tenths of a second
 * at every start, and reports what binding reported: an unknown key, a value of the wrong type, a number out
 * of range, each at its path ({@code clients[0].scopes}). A YAML scalar keeps the text it was written with,
 * so a text key given {@code 0123}, {@code 1e3} or {@code off} gets exactly those characters.
 */
final class ConfigTree {

    /** A value of the tree that cannot be mapped: the key at fault and the reason. */
    static final class MappingError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** The key at fault, such as {@code clients[0].scopes}, or empty for the whole tree. */
        final String key;

        /** What is wrong, in the words of {@link ConfigException}. */
        final String reason;

        MappingError(String key, String reason) {
            super(reason, null, false, false);
            this.key = key;
            this.reason = reason;
        }
    }

    /**
     * A YAML number or boolean: the text it was written with, and the value the reader gave it.
     *
     * @param text the characters of the document
     * @param value a {@link Number} or a {@link Boolean}
     */
    record Scalar(String text, Object value) {}

    private static final Set<String> SERVER_KEYS = Set.of(
            "issuer",
            "host",
            "port",
            "tokenTtl",
            "signing",
            "dpop",
            "storage",
            "redis",
            "keyEncryptionKey",
            "keyEncryptionKeys",
            "clients",
            "users",
            "registration",
            "profile",
            "metrics",
            "audit",
            "implicit");
    private static final Set<String> CLIENT_KEYS = Set.of(
            "clientId",
            "clientSecret",
            "authMethods",
            "grantTypes",
            "scopes",
            "redirectUris",
            "jwks",
            "jwksUri",
            "requirePkce",
            "dpopBoundAccessTokens",
            "idTokenSignedResponseAlg",
            "requirePushedAuthorizationRequests",
            "postLogoutRedirectUris",
            "introspection",
            "resources",
            "backchannelLogoutUri",
            "backchannelLogoutSessionRequired",
            "profile",
            "userinfoSignedResponseAlg",
            "responseTypes",
            "clientName",
            "clientUri",
            "logoUri",
            "policyUri",
            "tosUri");

    /** Whether an empty text stands for an empty list or mapping, as property sources hold them. */
    private final boolean emptyTextIsEmpty;

    private ConfigTree(boolean emptyTextIsEmpty) {
        this.emptyTextIsEmpty = emptyTextIsEmpty;
    }

    /** The mapping of a YAML document, read with {@link #read(JsonParser)}. */
    static ConfigTree ofDocument() {
        return new ConfigTree(false);
    }

    /** The mapping of a property tree: an empty text is an empty list or mapping. */
    static ConfigTree ofProperties() {
        return new ConfigTree(true);
    }

    /**
     * Reads the value at the parser's current token: maps in document order, lists, text, {@code null}, and
     * numbers and booleans as {@link Scalar}s. The parser reports syntax errors and repeated keys.
     */
    static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, read(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                yield list;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(parser.getText(), parser.getNumberValue());
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getText(), token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> null;
            default -> parser.getText();
        };
    }

    /** Maps the tree's root, which must be a mapping. */
    ServerConfig server(Object root) {
        Fields fields = new Fields(root, "", SERVER_KEYS);
        return new ServerConfig(
                fields.text("issuer"),
                fields.text("host"),
                fields.integer("port"),
                fields.longNumber("tokenTtl"),
                fields.record(
                                "signing",
                                Set.of("algorithm", "rotationInterval", "publicKeyExpiry", "idTokenAlgorithms"))
                        .map(signing -> new ServerConfig.Signing(
                                signing.text("algorithm"),
                                signing.longNumber("rotationInterval"),
                                signing.longNumber("publicKeyExpiry"),
                                signing.texts("idTokenAlgorithms"))),
                fields.record("dpop", Set.of("required", "nonce"))
                        .map(dpop -> new ServerConfig.Dpop(dpop.bool("required"), dpop.bool("nonce"))),
                fields.record("storage", Set.of("type", "path", "url", "username", "password", "poolSize"))
                        .map(storage -> new ServerConfig.Storage(
                                storage.text("type"),
                                storage.text("path"),
                                storage.text("url"),
                                storage.text("username"),
                                storage.text("password"),
                                storage.integer("poolSize"))),
                fields.text("redis"),
                fields.text("keyEncryptionKey"),
                fields.texts("keyEncryptionKeys"),
                fields.list("clients", this::client),
                fields.list("users", this::user),
                fields.record("registration", Set.of("policy", "perAddress"))
                        .map(registration -> new ServerConfig.Registration(
                                registration.text("policy"), registration.integer("perAddress"))),
                fields.text("profile"),
                fields.record("metrics", Set.of("enabled"))
                        .map(metrics -> new ServerConfig.Metrics(metrics.bool("enabled"))),
                fields.record("audit", Set.of("enabled", "file"))
                        .map(audit -> new ServerConfig.Audit(audit.bool("enabled"), audit.text("file"))),
                fields.record("implicit", Set.of("enabled"))
                        .map(implicit -> new ServerConfig.Implicit(implicit.bool("enabled"))));
    }

    private ServerConfig.Client client(Object node, String path) {
        Fields client = new Fields(node, path, CLIENT_KEYS);
        return new ServerConfig.Client(
                client.text("clientId"),
                client.text("clientSecret"),
                client.texts("authMethods"),
                client.texts("grantTypes"),
                client.texts("scopes"),
                client.texts("redirectUris"),
                client.object("jwks"),
                client.text("jwksUri"),
                client.bool("requirePkce"),
                client.bool("dpopBoundAccessTokens"),
                client.text("idTokenSignedResponseAlg"),
                client.bool("requirePushedAuthorizationRequests"),
                client.texts("postLogoutRedirectUris"),
                client.bool("introspection"),
                client.texts("resources"),
                client.text("backchannelLogoutUri"),
                client.bool("backchannelLogoutSessionRequired"),
                client.text("profile"),
                client.text("userinfoSignedResponseAlg"),
                client.texts("responseTypes"),
                client.text("clientName"),
                client.text("clientUri"),
                client.text("logoUri"),
                client.text("policyUri"),
                client.text("tosUri"));
    }

    private ServerConfig.User user(Object node, String path) {
        Fields user = new Fields(node, path, Set.of("username", "password", "claims"));
        return new ServerConfig.User(user.text("username"), user.text("password"), user.object("claims"));
    }

    /** Maps one element of a list at its path. */
    @FunctionalInterface
    private interface Element<T> {
        T map(Object node, String path);
    }

    /** Maps the fields of a nested record. */
    @FunctionalInterface
    private interface RecordMapping<T> {
        T map(Fields fields);
    }

    /** A nested record's fields, or none when the key is absent or null. */
    private record Nested(Fields fields) {
        <T> T map(RecordMapping<T> mapping) {
            return fields == null ? null : mapping.map(fields);
        }
    }

    /** The keys of one mapping of the tree, checked against the keys its record has. */
    private final class Fields {

        private final Map<?, ?> values;
        private final String path;

        Fields(Object node, String path, Set<String> keys) {
            if (!(node instanceof Map<?, ?> map)) {
                throw wrongType(path, "a mapping");
            }
            for (Object key : map.keySet()) {
                if (!keys.contains(String.valueOf(key))) {
                    throw new MappingError(child(path, String.valueOf(key)), "unknown key");
                }
            }
            this.values = map;
            this.path = path;
        }

        String text(String key) {
            return ConfigTree.text(values.get(key), child(path, key));
        }

        Integer integer(String key) {
            Long value = ConfigTree.whole(values.get(key), child(path, key), Integer.MIN_VALUE, Integer.MAX_VALUE);
            return value == null ? null : value.intValue();
        }

        Long longNumber(String key) {
            return ConfigTree.whole(values.get(key), child(path, key), Long.MIN_VALUE, Long.MAX_VALUE);
        }

        Boolean bool(String key) {
            return ConfigTree.bool(values.get(key), child(path, key));
        }

        List<String> texts(String key) {
            return list(key, ConfigTree::text);
        }

        <T> List<T> list(String key, Element<T> element) {
            Object node = values.get(key);
            String at = child(path, key);
            if (node == null) {
                return null;
            }
            if (emptyTextIsEmpty && "".equals(node)) {
                return List.of();
            }
            if (!(node instanceof List<?> list)) {
                throw wrongType(at, "a list");
            }
            List<T> mapped = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                mapped.add(element.map(list.get(i), at + "[" + i + "]"));
            }
            return Collections.unmodifiableList(mapped);
        }

        Nested record(String key, Set<String> keys) {
            Object node = values.get(key);
            return new Nested(node == null ? null : new Fields(node, child(path, key), keys));
        }

        /** A free-form mapping (a JWK Set, user claims), with plain numbers and booleans. */
        Map<String, Object> object(String key) {
            Object node = values.get(key);
            if (node == null) {
                return null;
            }
            if (emptyTextIsEmpty && "".equals(node)) {
                return Map.of();
            }
            if (!(node instanceof Map<?, ?>)) {
                throw wrongType(child(path, key), "a mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) plain(node);
            return plain;
        }
    }

    private static String text(Object node, String at) {
        if (node == null || node instanceof String) {
            return (String) node;
        }
        if (node instanceof Scalar scalar) {
            return scalar.text();
        }
        if (node instanceof Number || node instanceof Boolean) {
            return node.toString();
        }
        throw wrongType(at, "a text value");
    }

    private static Long whole(Object node, String at, long min, long max) {
        Object value = node instanceof Scalar scalar ? scalar.value() : node;
        if (value == null) {
            return null;
        }
        BigInteger number;
        if (value instanceof String text) {
            String trimmed = text.strip();
            if (trimmed.isEmpty()) {
                return null;
            }
            try {
                number = new BigDecimal(trimmed).toBigIntegerExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw wrongType(at, "a number");
            }
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof Number fraction) {
            try {
                number = new BigDecimal(fraction.toString()).toBigIntegerExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw wrongType(at, "a number");
            }
        } else {
            throw wrongType(at, "a number");
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new MappingError(at, "is out of range");
        }
        return number.longValue();
    }

    private static Boolean bool(Object node, String at) {
        Object value = node instanceof Scalar scalar ? scalar.value() : node;
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "" -> null;
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw wrongType(at, "true or false");
            };
        }
        throw wrongType(at, "true or false");
    }

    /** The tree with its scalars as plain values: numbers and booleans, as a JSON reader gives them. */
    private static Object plain(Object node) {
        if (node instanceof Scalar scalar) {
            return scalar.value();
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), plain(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(value -> copy.add(plain(value)));
            return copy;
        }
        return node;
    }

    private static MappingError wrongType(String at, String expected) {
        return new MappingError(at, "has the wrong type: expected " + expected);
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
