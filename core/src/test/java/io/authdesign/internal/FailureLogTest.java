package io.authdesign.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.authdesign.StoreUnavailableException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class FailureLogTest {

    /** One call made on the logger: the method's name and its arguments, flattened. */
    private record Call(String level, List<Object> arguments) {}

    private final List<Call> calls = new ArrayList<>();

    private final Logger logger = (Logger) Proxy.newProxyInstance(
            Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().equals("warn") || method.getName().equals("error")) {
                    List<Object> flat = new ArrayList<>();
                    for (Object argument : args) {
                        if (argument instanceof Object[] array) {
                            flat.addAll(Arrays.asList(array));
                        } else {
                            flat.add(argument);
                        }
                    }
                    calls.add(new Call(method.getName(), flat));
                }
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });

    @Test
    void aStoreOutageIsOneWarnLineWithoutTheStackTrace() {
        var outage = new StoreUnavailableException("connection refused", new java.io.IOException("08001"));
        var wrapped = new IllegalStateException("handler", outage);

        FailureLog.log(logger, wrapped, "The token endpoint failed on {}", "POST /token");

        assertThat(FailureLog.outage(wrapped)).isSameAs(outage);
        assertThat(calls)
                .containsExactly(new Call(
                        "warn",
                        List.of(
                                "The token endpoint failed on {} (store unavailable: {})",
                                "POST /token",
                                "connection refused")));
    }

    @Test
    void anyOtherFailureIsAnErrorWithTheThrowableLast() {
        var bug = new NullPointerException("bug");

        FailureLog.log(logger, bug, "The {} handler failed for client '{}'", "refresh_token", "app");

        assertThat(FailureLog.outage(bug)).isNull();
        assertThat(calls)
                .containsExactly(new Call(
                        "error", List.of("The {} handler failed for client '{}'", "refresh_token", "app", bug)));
    }
}
