package io.authdesign.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plain JSON is written byte for byte as Jackson writes it (RFC 8259); anything else is left to Jackson. */
class JsonOutputTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().build();

    private static String jackson(Object value) throws Exception {
        return new String(JACKSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    private static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void objectOfMembersIsWrittenAsJacksonWritesTheMapOfThem() throws Exception {
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("authorization_details", List.of(Map.of("type", "payment")));
        more.put("nothing", null);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("access_token", "eyJ.e30.sig");
        all.put("expires_in", 3600L);
        all.put("scope", "read \"write\"");
        all.putAll(more);

        String[] names = {"access_token", "token_type", "expires_in", "scope"};
        Object[] values = {"eyJ.e30.sig", null, 3600L, "read \"write\""};
        assertThat(text(JsonOutput.writeObject(names, values, more))).isEqualTo(jackson(all));
        assertThat(text(JsonOutput.writeObject(names, values, Map.of())))
                .isEqualTo(jackson(
                        orderedOf("access_token", "eyJ.e30.sig", "expires_in", 3600L, "scope", "read \"write\"")));
        assertThat(text(JsonOutput.writeObject(names, new Object[4], Map.of()))).isEqualTo("{}");
        assertThat(text(JsonOutput.writeObject(new String[0], new Object[0], more)))
                .isEqualTo(jackson(more));
        assertThat(JsonOutput.writeObject(names, new Object[] {"a", Optional.of("b"), null, null}, Map.of()))
                .isNull();
    }

    private static Map<String, Object> orderedOf(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void plainValuesAreWrittenAsJacksonWritesThem() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("jkt", "thumb");
        nested.put("none", null);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("access_token", "eyJhbGciOiJFUzI1NiJ9.e30.sig-_");
        value.put("token_type", "Bearer");
        value.put("expires_in", 3600L);
        value.put("int", -42);
        value.put("min", Long.MIN_VALUE);
        value.put("max", Long.MAX_VALUE);
        value.put("zero", 0);
        value.put("big", new BigInteger("123456789012345678901234567890"));
        value.put("yes", true);
        value.put("no", false);
        value.put("null", null);
        value.put(
                "escapes",
                "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \u0000 us \u001f del \u007f");
        value.put("unicode", "\u00e9 \u07ff \u0800 \u20ac \uffff \ud83d\ude00");
        value.put("cnf", nested);
        value.put("aud", List.of("a", "b"));
        value.put("empty list", List.of());
        value.put("empty map", Map.of());
        value.put("set", Set.of("only"));
        value.put("nested", List.of(List.of(1, 2), Map.of("k", List.of(true))));

        assertThat(text(JsonOutput.write(value))).isEqualTo(jackson(value));
        assertThat(text(Json.write(value))).isEqualTo(jackson(value));
        for (Object single : value.values()) {
            assertThat(text(JsonOutput.write(single))).isEqualTo(jackson(single));
        }
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() throws Exception {
        StringBuilder text = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate(c)) {
                text.append(c);
            }
        }
        assertThat(text(JsonOutput.write(text.toString()))).isEqualTo(jackson(text.toString()));
    }

    @Test
    void valuesThatAreNotPlainAreLeftToJackson() throws Exception {
        Map<Object, Object> numberKey = new LinkedHashMap<>();
        numberKey.put(1, "one");
        List<Object> deep = new ArrayList<>();
        List<Object> inner = deep;
        for (int i = 0; i < 40; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        for (Object value : Arrays.asList(
                1.5,
                Optional.empty(),
                new String[] {"a"},
                "lone \ud83d surrogate",
                "lone \ude00 low",
                numberKey,
                Map.of("k", List.of(1.5f)),
                deep)) {
            assertThat(JsonOutput.write(value)).as("%s", value).isNull();
        }
        assertThat(text(Json.write(Map.of("double", 1.5)))).isEqualTo(jackson(Map.of("double", 1.5)));
    }
}
