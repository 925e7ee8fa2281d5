package io.authdesign.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON serialisation for AuthDesign's responses. Internal: not part of the public API. */
public final class Json {

    /**
     * Jackson's buffers are recycled through a shared pool rather than per thread: requests run on virtual
     * threads, one per request, where a thread-local pool would allocate fresh 8 KB buffers for every
     * response.
     */
    private static final ObjectMapper MAPPER =
            JsonMapper.builder(pooledFactory()).build();

    private Json() {}

    /**
     * A JSON factory whose buffers are recycled through a pool shared by all threads, for writing JSON
     * on virtual threads.
     *
     * @return a new factory
     */
    public static JsonFactory pooledFactory() {
        return JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
    }

    /**
     * Serialises a value (maps, lists, strings, numbers, booleans) to UTF-8 JSON: plain values by
     * {@link JsonOutput}, others by Jackson.
     *
     * @param value the value
     * @return the JSON bytes
     * @throws IllegalArgumentException when the value cannot be serialised
     */
    public static byte[] write(Object value) {
        byte[] plain = JsonOutput.write(value);
        if (plain != null) {
            return plain;
        }
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Value is not serialisable to JSON", e);
        }
    }
}
