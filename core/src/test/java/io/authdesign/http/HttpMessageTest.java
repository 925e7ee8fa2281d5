package io.authdesign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests and responses stay as built: later builder calls and callers cannot change them. */
class HttpMessageTest {

    @Test
    void aBuiltRequestKeepsItsHeadersWhenTheBuilderGoesOn() {
        HttpRequest.Builder builder = HttpRequest.builder("post", "/token").header("X-One", "1");
        HttpRequest first = builder.build();
        builder.header("x-one", "2").header("X-Two", "b");
        HttpRequest second = builder.build();

        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.headers("x-ONE")).containsExactly("1");
        assertThat(first.headers("X-Two")).isEmpty();
        assertThat(second.headers("X-One")).containsExactly("1", "2");
        assertThat(second.header("x-two")).contains("b");
        assertThat(second.headers()).containsOnlyKeys("X-One", "X-Two");
    }

    @Test
    void requestHeadersCannotBeChanged() {
        HttpRequest request = HttpRequest.builder("GET", "/").header("A", "1").build();
        assertThatThrownBy(() -> request.headers("A").add("2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.headers().put("B", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBuiltResponseKeepsItsHeadersWhenTheBuilderGoesOn() {
        HttpResponse.Builder builder = HttpResponse.status(200).header("Set-Cookie", "a=1");
        HttpResponse first = builder.build();
        builder.header("Set-Cookie", "b=2").header("X-Other", "x");
        HttpResponse second = builder.build();

        assertThat(first.headers("set-cookie")).containsExactly("a=1");
        assertThat(first.headers()).containsOnlyKeys("Set-Cookie");
        assertThat(second.headers("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(second.header("x-other")).contains("x");
    }

    @Test
    void responseHeadersCannotBeChangedAndMoreAreAppendedToACopy() {
        HttpResponse response = HttpResponse.status(200).header("A", "1").build();
        assertThatThrownBy(() -> response.headers("A").add("2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> response.headers().put("B", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);

        HttpResponse more = response.withHeaders(Map.of("A", List.of("2"), "B", List.of("3")));
        assertThat(more.headers("A")).containsExactly("1", "2");
        assertThat(more.headers("B")).containsExactly("3");
        assertThat(response.headers("A")).containsExactly("1");
        assertThatThrownBy(() -> more.headers("A").add("4")).isInstanceOf(UnsupportedOperationException.class);
    }
}
