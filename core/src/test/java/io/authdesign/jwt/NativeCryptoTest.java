package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

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
