package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Malformed {@code multipart/form-data} bodies (and bodies of other media types) sent to every form
 * endpoint of the reference server, the device verification page included: each answers 400 with its
 * standard error (RFC 6749 section 5.2 JSON, or the page with the reason), never a 500 or a stack trace,
 * and nothing is logged above WARN.
 */
class MalformedFormBodyHttpTest {

    private static final String BOUNDARY = "----authdesign";

    /** A part that never ends: no closing boundary, a truncated header. */
    private static final String TRUNCATED =
            "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"user_code\"\r\n" + "\r\nBCDF-GHJK\r\n--"
                    + BOUNDARY + "\r\nContent-Disposition: form-da";

    private static TestServer test;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() {
        test = TestServer.start(PagesHttpTest.CONFIG);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    @BeforeEach
    void captureLogs() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void release() {
        root().detachAppender(logged);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private void assertNothingAboveWarn() {
        List<ILoggingEvent> loud = logged.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .toList();
        assertThat(loud).as("events above WARN").isEmpty();
    }

    private static void assertNoStackTrace(HttpResponse<String> response) {
        assertThat(response.statusCode()).isNotEqualTo(500);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "multipart/form-data; boundary=" + BOUNDARY,
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "text/plain"
            })
    void devicePageWhenTheBodyIsNotAFormThen400PageAndNothingLoggedAboveWarn(String contentType) {
        HttpResponse<String> response = Http.postRaw(test.baseUrl() + "/device", null, contentType, TRUNCATED);

        assertNoStackTrace(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body())
                .contains("<h1>Connect a device</h1>")
                .contains("The request body must be application/x-www-form-urlencoded");
        assertNothingAboveWarn();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/oauth2/devicecode", "/oauth2/par"})
    void formEndpointsWhenTheBodyIsMalformedMultipartThen400InvalidRequestAndNothingLoggedAboveWarn(String path) {
        HttpResponse<String> response =
                Http.postRaw(test.baseUrl() + path, null, "multipart/form-data; boundary=" + BOUNDARY, TRUNCATED);

        assertNoStackTrace(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(Http.json(response))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "The request body must be application/x-www-form-urlencoded");
        assertNothingAboveWarn();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/authorize", "/oauth2/userinfo"})
    void interactiveAndUserinfoPostsWhenTheBodyIsMalformedMultipartThenAClientErrorAndNothingLoggedAboveWarn(
            String path) {
        HttpResponse<String> response =
                Http.postRaw(test.baseUrl() + path, null, "multipart/form-data; boundary=" + BOUNDARY, TRUNCATED);

        assertNoStackTrace(response);
        // the authorization endpoint's error page (no client_id), userinfo's missing token
        assertThat(response.statusCode()).as(response.body()).isIn(400, 401);
        assertNothingAboveWarn();
    }
}
