package io.authdesign.jwt;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the native AWS-LC provider (Amazon Corretto Crypto Provider, ACCP) at the highest JCA
 * priority when it is on the classpath and healthy on this platform, so that signing, verification,
 * digests, HMAC and random numbers run on AWS-LC; otherwise the JDK's providers stay in charge. The
 * choice is made once per JVM and logged.
 *
 * <p>ACCP is optional: {@code software.amazon.cryptools:AmazonCorrettoCryptoProvider} with the classifier
 * of the platform ({@code linux-x86_64}, {@code linux-aarch_64}). The system property
 * {@code authdesign.crypto=jca} keeps the JDK's providers even when ACCP is present.
 */
public final class NativeCrypto {

    /** ACCP's provider class. */
    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    /** The system property that, set to {@code jca}, disables the native provider. */
    public static final String PROPERTY = "authdesign.crypto";

    private static final Logger LOG = LoggerFactory.getLogger(NativeCrypto.class);
    private static volatile Optional<Provider> installed;

    private NativeCrypto() {}

    /**
     * Installs ACCP at priority 1 if it is available, healthy and not disabled; later calls return the
     * first call's outcome.
     *
     * @return the installed provider, or empty when the JDK's providers are used
     */
    public static synchronized Optional<Provider> installIfAvailable() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    private static Optional<Provider> install() {
        if ("jca".equals(System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT))) {
            LOG.info("Crypto: JCA providers ({}=jca); first signature provider {}", PROPERTY, firstProvider());
            return Optional.empty();
        }
        Provider provider;
        try {
            Class<?> type = Class.forName(ACCP_CLASS, true, NativeCrypto.class.getClassLoader());
            provider = (Provider) type.getField("INSTANCE").get(null);
            Object error = type.getMethod("getLoadingError").invoke(provider);
            if (error != null) {
                LOG.info("Crypto: JCA providers; the native provider is present but unusable here: {}", error);
                return Optional.empty();
            }
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.info("Crypto: JCA providers (no native provider on the classpath); first {}", firstProvider());
            return Optional.empty();
        } catch (ReflectiveOperationException | ClassCastException e) {
            LOG.warn("Crypto: JCA providers; the native provider could not be inspected: {}", e.toString());
            return Optional.empty();
        }
        Provider[] current = Security.getProviders();
        if (current.length == 0 || current[0] != provider) {
            Security.removeProvider(provider.getName());
            Security.insertProviderAt(provider, 1);
        }
        LOG.info("Crypto: native {} {} installed at JCA priority 1", provider.getName(), provider.getVersionStr());
        return Optional.of(provider);
    }

    private static String firstProvider() {
        Provider[] providers = Security.getProviders();
        return providers.length == 0 ? "none" : providers[0].getName() + " " + providers[0].getVersionStr();
    }
}
