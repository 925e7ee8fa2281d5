package io.authdesign.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Makes the {@link AdapterUnderTest} of a test class (or of a class enclosing it) the adapter
 * {@link TestServer} starts, from before the class's {@code @BeforeAll} methods to after its
 * {@code @AfterAll} methods. Test classes run one at a time (no parallel execution is configured).
 */
final class AdapterExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Deque<ServerAdapter> CURRENT = new ArrayDeque<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<? extends ServerAdapter> type = find(context.getRequiredTestClass())
                .orElseThrow(() -> new IllegalStateException(
                        "Annotate " + context.getRequiredTestClass().getName() + " with @AdapterUnderTest"));
        synchronized (CURRENT) {
            CURRENT.push(type.getConstructor().newInstance());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (CURRENT) {
            CURRENT.pop();
        }
    }

    /** The adapter of the running test class. */
    static ServerAdapter current() {
        synchronized (CURRENT) {
            if (CURRENT.isEmpty()) {
                throw new IllegalStateException("No @AdapterUnderTest on the running test class");
            }
            return CURRENT.peek();
        }
    }

    private static Optional<Class<? extends ServerAdapter>> find(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            Optional<AdapterUnderTest> annotation = AnnotationSupport.findAnnotation(type, AdapterUnderTest.class);
            if (annotation.isPresent()) {
                return Optional.of(annotation.get().value());
            }
        }
        return Optional.empty();
    }
}
