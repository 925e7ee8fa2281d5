package io.authdesign.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON serialisation for AuthDesign's responses. Internal: not part of the public API. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /**
     * Serialises a value (maps, lists, strings, numbers, booleans) to UTF-8 JSON.
     *
     * @param value the value
     * @return the JSON bytes
     * @throws IllegalArgumentException when the value cannot be serialised
     */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Value is not serialisable to JSON", e);
        }
    }
}
