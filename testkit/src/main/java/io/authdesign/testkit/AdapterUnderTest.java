package io.authdesign.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names the adapter the shared suites run against. Put it on a test class whose {@code @Nested} classes
 * extend the suites ({@code class JettySuiteTest { @Nested class Metadata extends MetadataSuite {} ... }}),
 * or on a class that extends one suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(AdapterExtension.class)
public @interface AdapterUnderTest {
    /** The adapter; it needs a public no-argument constructor. */
    Class<? extends ServerAdapter> value();
}
