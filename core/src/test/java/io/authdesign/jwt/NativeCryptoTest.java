package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {

    @Test
    void installIfAvailableWhenProviderNotOnClasspathThenJcaAndSameAnswerEveryTime() {
        boolean present;
        try {
            Class.forName(NativeCrypto.ACCP_CLASS);
            present = true;
        } catch (ClassNotFoundException e) {
            present = false;
        }

        var first = NativeCrypto.installIfAvailable();

        assertThat(NativeCrypto.installIfAvailable()).isSameAs(first);
        if (!present) {
            assertThat(first).isEmpty();
        }
    }

    @Test
    void unusableReasonWhenSelfTestsPassThenNoneAndTheyRanOnTheCallersThread() throws ReflectiveOperationException {
        FakeProvider provider = new FakeProvider(null, "PASSED");

        assertThat(NativeCrypto.unusableReason(provider)).isNull();
        assertThat(provider.selfTestThread).isSameAs(Thread.currentThread());
    }

    @Test
    void unusableReasonWhenSelfTestsFailThenTheirStatus() throws ReflectiveOperationException {
        assertThat(NativeCrypto.unusableReason(new FakeProvider(null, "FAILED")))
                .isEqualTo("self-tests FAILED");
        assertThat(NativeCrypto.unusableReason(new FakeProvider(null, "RECURSIVELY_INVOKED")))
                .isEqualTo("self-tests RECURSIVELY_INVOKED");
    }

    @Test
    void unusableReasonWhenTheLibraryDidNotLoadThenThatErrorAndNoSelfTests() throws ReflectiveOperationException {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("no library");
        FakeProvider provider = new FakeProvider(error, "PASSED");

        assertThat(NativeCrypto.unusableReason(provider)).isSameAs(error);
        assertThat(provider.selfTestThread).isNull();
    }

    @Test
    void unusableReasonWhenSelfTestsRunInTheBackgroundThenAwaitedNotRunASecondTime() throws Exception {
        StartedProvider provider = new StartedProvider();
        Thread pool = new Thread(() -> {
            try {
                Thread.sleep(100); // the common pool's run of the tests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            provider.backgroundStatus = "PASSED";
        });
        pool.start();

        assertThat(NativeCrypto.unusableReason(provider, Duration.ofSeconds(10)))
                .isNull();
        pool.join();

        // runSelfTests came once the background run had a result: the tests did not run beside it
        assertThat(provider.statusWhenRun).isEqualTo("PASSED");
    }

    @Test
    void unusableReasonWhenTheBackgroundSelfTestsNeverEndThenRunOnTheCallersThreadAfterTheWait()
            throws ReflectiveOperationException {
        StartedProvider provider = new StartedProvider();

        assertThat(NativeCrypto.unusableReason(provider, Duration.ofMillis(50))).isNull();

        assertThat(provider.statusWhenRun).isEqualTo("NOT_RUN");
        assertThat(provider.selfTestThread).isSameAs(Thread.currentThread());
    }

    /** ACCP's provider with the self-tests its constructor started in the common pool: a status to read. */
    public static final class StartedProvider extends java.security.Provider {
        private static final long serialVersionUID = 1L;
        transient volatile String backgroundStatus = "NOT_RUN";
        transient volatile String statusWhenRun;
        transient volatile Thread selfTestThread;

        StartedProvider() {
            super("Started", "1", "a stand-in for ACCP whose self-tests run in the background");
        }

        /** As ACCP's: the native library loaded. */
        public Throwable getLoadingError() {
            return null;
        }

        /** As ACCP's: the tests' results so far, without running any. */
        public Object getSelfTestStatus() {
            return backgroundStatus;
        }

        /** As ACCP's: the cached results, or the tests run now when they have none. */
        public Object runSelfTests() {
            statusWhenRun = backgroundStatus;
            selfTestThread = Thread.currentThread();
            return "PASSED";
        }
    }

    /** The two methods of ACCP's provider that the installation calls, by reflection. */
    public static final class FakeProvider extends java.security.Provider {
        private static final long serialVersionUID = 1L;
        private final transient Throwable loadingError;
        private final String status;
        transient Thread selfTestThread;

        FakeProvider(Throwable loadingError, String status) {
            super("Fake", "1", "a stand-in for ACCP");
            this.loadingError = loadingError;
            this.status = status;
        }

        /** As ACCP's: why the native library did not load, or null. */
        public Throwable getLoadingError() {
            return loadingError;
        }

        /** As ACCP's: runs (or awaits) every self-test and returns the overall status. */
        public Object runSelfTests() {
            selfTestThread = Thread.currentThread();
            return status;
        }
    }
}
