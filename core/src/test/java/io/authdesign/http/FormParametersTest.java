package io.authdesign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authdesign.OAuth2ErrorCode;
import io.authdesign.OAuth2Exception;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormParametersTest {

    @Test
    void parseWhenEncodedThenDecodesPlusPercentAndUtf8() throws OAuth2Exception {
        FormParameters form = FormParameters.parse("a=x+y&b=%C3%BC%3D1&c=%2B");

        assertThat(form.get("a")).contains("x y");
        assertThat(form.get("b")).contains("ü=1");
        assertThat(form.get("c")).contains("+");
    }

    @Test
    void parseWhenParameterRepeatedThenInvalidRequestNamingIt() {
        assertThatThrownBy(() -> FormParameters.parse("scope=a&grant_type=x&scope=b"))
                .isInstanceOfSatisfying(OAuth2Exception.class, e -> {
                    assertThat(e.error().code()).isEqualTo(OAuth2ErrorCode.INVALID_REQUEST);
                    assertThat(e.error().description()).isEqualTo("The parameter 'scope' is repeated");
                });
    }

    @Test
    void parseWhenRepeatedEvenWithEmptyValueThenInvalidRequest() {
        assertThatThrownBy(() -> FormParameters.parse("code=&code=abc")).isInstanceOf(OAuth2Exception.class);
    }

    @Test
    void getWhenValueEmptyThenTreatedAsOmitted() throws OAuth2Exception {
        FormParameters form = FormParameters.parse("scope=&flag");

        assertThat(form.get("scope")).isEmpty();
        assertThat(form.has("flag")).isFalse();
        assertThat(form.asMap()).containsEntry("scope", "").containsEntry("flag", "");
    }

    @Test
    void parseWhenEscapeMalformedThenInvalidRequest() {
        for (String body : new String[] {"a=%zz", "a=%4", "a=%", "%g1=b"}) {
            assertThatThrownBy(() -> FormParameters.parse(body))
                    .as(body)
                    .isInstanceOfSatisfying(
                            OAuth2Exception.class,
                            e -> assertThat(e.error().code()).isEqualTo(OAuth2ErrorCode.INVALID_REQUEST));
        }
    }

    @Test
    void parseWhenEscapedBytesNotUtf8ThenInvalidRequest() {
        assertThatThrownBy(() -> FormParameters.parse("a=%FF%FE")).isInstanceOf(OAuth2Exception.class);
        assertThatThrownBy(() -> FormParameters.parse(new byte[] {'a', '=', (byte) 0xC3}))
                .isInstanceOf(OAuth2Exception.class);
    }

    @Test
    void parseWhenEmptySegmentsThenIgnored() throws OAuth2Exception {
        assertThat(FormParameters.parse("&&a=1&").asMap()).containsOnlyKeys("a");
        assertThat(FormParameters.parse("").asMap()).isEmpty();
    }

    @Test
    void parseWhenSegmentsLackOrRepeatEqualsThenSplitAtTheFirst() throws OAuth2Exception {
        assertThat(FormParameters.parse("a&b=1=2&=x&c=&d").asMap())
                .containsExactly(
                        java.util.Map.entry("a", ""),
                        java.util.Map.entry("b", "1=2"),
                        java.util.Map.entry("", "x"),
                        java.util.Map.entry("c", ""),
                        java.util.Map.entry("d", ""));
    }

    @Test
    void parseWhenBodyBytesThenSameAsText() throws OAuth2Exception {
        for (String body : List.of(
                "",
                "grant_type=client_credentials&scope=read",
                "&&a=1&",
                "a&b=1=2&=x&c=&d",
                "a=x+y&b=%C3%BC%3D1&c=%2B",
                "name=\u00fc\u20ac&other=\ud83d\ude00")) {
            assertThat(FormParameters.parse(body.getBytes(StandardCharsets.UTF_8))
                            .asMap())
                    .containsExactlyEntriesOf(FormParameters.parse(body).asMap());
        }
    }

    @Test
    void parseWhenBodyBytesRepeatOrMalformedThenInvalidRequest() {
        for (String body : List.of("scope=a&grant_type=x&scope=b", "a=%ZZ", "\u00fc=1&\u00fc=2", "a=%FF")) {
            assertThatThrownBy(() -> FormParameters.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(
                            OAuth2Exception.class,
                            e -> assertThat(e.error().code()).isEqualTo(OAuth2ErrorCode.INVALID_REQUEST));
        }
        // the whole body is checked first: not UTF-8, though a parameter repeats before the bad byte
        assertThatThrownBy(() -> FormParameters.parse(new byte[] {'a', '=', '1', '&', 'a', '=', (byte) 0xC3}))
                .isInstanceOfSatisfying(
                        OAuth2Exception.class,
                        e -> assertThat(e.error().description()).isEqualTo("The request body is not UTF-8"));
    }

    @Test
    void encodeThenDecodeRoundTrips() {
        String value = "p@ss:w0rd+%/ü 😀";
        assertThat(FormCodec.decode(FormCodec.encode(value))).contains(value);
        assertThat(FormCodec.encode("a b")).isEqualTo("a+b");
    }
}
