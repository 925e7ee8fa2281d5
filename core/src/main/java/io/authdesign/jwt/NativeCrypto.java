package io.authdesign.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the native AWS-LC provider (Amazon Corretto Crypto Provider, ACCP) at the highest JCA
 * priority when it is on the classpath, healthy on this platform and has passed its self-tests, so that
 * signing, verification, digests, HMAC and random numbers run on AWS-LC; otherwise the JDK's providers stay
 * in charge. The choice is made once per JVM and logged.
 *
 * <p>ACCP is optional: {@code software.amazon.cryptools:AmazonCorrettoCryptoProvider} with the classifier
 * of the platform ({@code linux-x86_64}, {@code linux-aarch_64}). The system property
 * {@code authdesign.crypto=jca} keeps the JDK's providers even when ACCP is present. When the ACCP on the
 * class path cannot load here (or there is none), a jar nested as
 * {@code META-INF/authdesign/accp/<classifier>.jar} for this platform is tried in a class loader of its
 * own: the two classifiers' jars hold the same class and library names, so one class path can only use
 * the first.
 */
public final class NativeCrypto {

    /** ACCP's provider class. */
    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    /** Where a jar may nest ACCP jars for other platforms, as {@code <classifier>.jar}. */
    static final String NESTED = "META-INF/authdesign/accp/";

    /** The system property that, set to {@code jca}, disables the native provider. */
    public static final String PROPERTY = "authdesign.crypto";

    private static volatile Optional<Provider> installed;
    private static volatile boolean installing;
    private static volatile int generation;

    private NativeCrypto() {}

    /**
     * Starts {@link #installIfAvailable} on a daemon thread of its own and returns at once: a server that
     * wants its first request answered quickly lets loading the native library (a few tenths of a second)
     * overlap its start-up, and signs and verifies with the JDK's providers until the native one is in
     * place. Key rings built meanwhile do not wait for it; signers and verifiers made before it re-derive
     * their keys once it is installed ({@link #generation()}). Later calls do nothing.
     */
    public static synchronized void installInBackground() {
        if (installed != null || installing) {
            return;
        }
        installing = true;
        Thread.ofPlatform().daemon().name("authdesign-crypto").start(() -> {
            try {
                // the logger first: making it may start the logging back end, which is then done here, at the
                // start of the caller's own work, rather than by the caller's first log line while this thread
                // is still loading the native library
                Log.LOG.trace("Crypto: looking for the native provider");
                installIfAvailable();
            } finally {
                installing = false;
            }
        });
    }

    /**
     * As {@link #installIfAvailable}, unless a {@link #installInBackground background installation} is under
     * way: then it returns at once instead of waiting for it.
     */
    static void installUnlessInBackground() {
        if (!installing) {
            installIfAvailable();
        }
    }

    /**
     * A number that changes when a provider is installed: objects that hold keys or signature engines made
     * by the providers of the time (signers, verifiers) make them again when it changed, so that they use
     * the native provider once it is there instead of having their keys translated at every use.
     *
     * @return the current generation
     */
    public static int generation() {
        return generation;
    }

    /**
     * Installs ACCP at priority 1 if it is available, healthy and not disabled; later calls return the
     * first call's outcome.
     *
     * @return the installed provider, or empty when the JDK's providers are used
     */
    public static synchronized Optional<Provider> installIfAvailable() {
        if (installed == null) {
            Optional<Provider> provider = install();
            installed = provider;
            if (provider.isPresent()) {
                generation++;
            }
        }
        return installed;
    }

    private static Optional<Provider> install() {
        if ("jca".equals(System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT))) {
            Log.LOG.info("Crypto: JCA providers ({}=jca); first signature provider {}", PROPERTY, firstProvider());
            return Optional.empty();
        }
        Object unusable = null;
        try {
            Provider provider = accp(NativeCrypto.class.getClassLoader());
            unusable = unusableReason(provider);
            if (unusable == null) {
                return Optional.of(installFirst(provider, ""));
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not on the class path: perhaps nested for this platform
        } catch (ReflectiveOperationException | ClassCastException e) {
            Log.LOG.warn("Crypto: JCA providers; the native provider could not be inspected: {}", e.toString());
            return Optional.empty();
        }
        Optional<String> classifier = platformClassifier();
        Optional<Provider> nested = classifier.flatMap(NativeCrypto::nested);
        if (nested.isPresent()) {
            return Optional.of(installFirst(nested.get(), " (nested " + NESTED + classifier.get() + ".jar)"));
        }
        if (unusable != null) {
            Log.LOG.info(
                    "Crypto: JCA providers; the native provider is present but unusable here: {}",
                    String.valueOf(unusable));
        } else {
            Log.LOG.info("Crypto: JCA providers (no native provider on the classpath); first {}", firstProvider());
        }
        return Optional.empty();
    }

    private static Provider accp(ClassLoader loader) throws ReflectiveOperationException {
        return (Provider)
                Class.forName(ACCP_CLASS, true, loader).getField("INSTANCE").get(null);
    }

    /**
     * How long {@link #unusableReason} waits for the self-tests ACCP started in the common pool before it runs
     * the rest on the installing thread.
     */
    static final Duration SELF_TEST_WAIT = Duration.ofSeconds(2);

    /**
     * Why the provider cannot be used here, or {@code null} when it loaded and passed its self-tests. The
     * self-tests are completed here, on the installing thread: ACCP starts them in the common pool when it is
     * constructed, and until they are done the first caller of each of its algorithms runs or waits for them
     * (tens of milliseconds of a start-up, seen on the main thread in the H2 driver's first digest). A provider
     * installed by this class has passed them, and no caller of the JCA ever waits for them.
     */
    static Object unusableReason(Provider provider) throws ReflectiveOperationException {
        return unusableReason(provider, SELF_TEST_WAIT);
    }

    /** As {@link #unusableReason(Provider)}, waiting at most {@code wait} for the common pool's self-tests. */
    static Object unusableReason(Provider provider, Duration wait) throws ReflectiveOperationException {
        Object error = provider.getClass().getMethod("getLoadingError").invoke(provider);
        if (error != null) {
            return error;
        }
        awaitStartedSelfTests(provider, wait);
        Object status = provider.getClass().getMethod("runSelfTests").invoke(provider);
        return "PASSED".equals(String.valueOf(status)) ? null : "self-tests " + status;
    }

    /**
     * Waits, at most {@code wait}, until the self-tests ACCP's constructor started in the common pool have all
     * run ({@code getSelfTestStatus()}, which only reads their results, is no longer {@code NOT_RUN}). Run from
     * this thread meanwhile, the same tests would run twice: ACCP runs a test again rather than wait when two
     * threads reach it together, which at a start cost 50-120 ms of processor beside it (the HMAC tests run
     * interpreted). Then {@code runSelfTests()} returns their cached results, or runs those still missing. A
     * provider without the method, or whose status cannot be read, is not waited for.
     */
    private static void awaitStartedSelfTests(Provider provider, Duration wait) throws ReflectiveOperationException {
        Method status;
        try {
            status = provider.getClass().getMethod("getSelfTestStatus");
        } catch (NoSuchMethodException e) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while ("NOT_RUN".equals(String.valueOf(status.invoke(provider))) && System.nanoTime() - deadline < 0) {
                Thread.sleep(2);
            }
        } catch (InvocationTargetException e) {
            // no status to read: runSelfTests answers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Provider installFirst(Provider provider, String origin) {
        Provider[] current = Security.getProviders();
        if (current.length == 0 || current[0] != provider) {
            Security.removeProvider(provider.getName());
            Security.insertProviderAt(provider, 1);
        }
        Log.LOG.info(
                "Crypto: native {} {} installed at JCA priority 1{}",
                provider.getName(),
                provider.getVersionStr(),
                origin);
        return provider;
    }

    /** ACCP's Maven classifier for this JVM's platform, if ACCP publishes one. */
    static Optional<String> platformClassifier() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> Optional.of("linux-x86_64");
            case "aarch64" -> Optional.of("linux-aarch_64");
            default -> Optional.empty();
        };
    }

    /**
     * ACCP from the jar nested as {@code META-INF/authdesign/accp/<classifier>.jar} (the reference server
     * carries the aarch64 one so: its classes and native library have the same names as the x86_64 jar's),
     * loaded by a class loader of its own so that it finds its own native library; empty when there is
     * no such jar or it does not load here.
     */
    static Optional<Provider> nested(String classifier) {
        URL resource = NativeCrypto.class.getClassLoader().getResource(NESTED + classifier + ".jar");
        if (resource == null) {
            return Optional.empty();
        }
        try {
            Path jar = Files.createTempFile("authdesign-accp-" + classifier + "-", ".jar");
            jar.toFile().deleteOnExit();
            try (InputStream in = resource.openStream()) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            // never closed: the provider's classes and native library live as long as the JVM
            @SuppressWarnings("resource")
            URLClassLoader loader =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Provider provider = accp(loader);
            Object error = unusableReason(provider);
            if (error != null) {
                Log.LOG.info(
                        "Crypto: the nested native provider {} is unusable here: {}",
                        classifier,
                        String.valueOf(error));
                return Optional.empty();
            }
            return Optional.of(provider);
        } catch (IOException | ReflectiveOperationException | LinkageError | ClassCastException e) {
            Log.LOG.warn("Crypto: the nested native provider {} could not be loaded: {}", classifier, e.toString());
            return Optional.empty();
        }
    }

    private static String firstProvider() {
        Provider[] providers = Security.getProviders();
        return providers.length == 0 ? "none" : providers[0].getName() + " " + providers[0].getVersionStr();
    }

    /**
     * The logger, made on first use: making it may initialise the logging back end, which is then done by
     * the background installation instead of the thread that starts the server.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(NativeCrypto.class);
    }
}
