package io.authdesign.ready;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client addresses are throttled as the holder of the address sees them: an IPv6 subscriber holds a whole
 * /64, so taking a fresh address inside it for every guess gains nothing.
 */
class AddressThrottleTest {

    private static final UserAccounts NOBODY = new UserAccounts() {
        @Override
        public Optional<String> authenticate(String username, String password) {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> claims(String subject) {
            return Map.of();
        }
    };

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2001:db8:1:2::1|20010db800010002::/64",
                "2001:DB8:1:2:ffff:ffff:ffff:ffff|20010db800010002::/64",
                "[2001:db8:1:2::7]|20010db800010002::/64",
                "fe80::1%eth0|fe80000000000000::/64",
                "0:0:0:0:0:0:0:1|0000000000000000::/64",
                "203.0.113.9|203.0.113.9",
                "::ffff:203.0.113.9|::ffff:203.0.113.9",
                "not an address|not an address",
                "evil.example:80|evil.example:80"
            })
    void addressGroupWhenIpv6ThenItsSlash64AndOtherwiseTheAddress(String address, String group) {
        assertThat(Throttle.addressGroup(address)).isEqualTo(group);
    }

    @Test
    void signInWhenEachGuessComesFromAnotherAddressOfOneIpv6Slash64ThenTheSlash64IsBlocked() {
        SignInGuard guard = SignInGuard.builder()
                .addressLimits(
                        new AttemptLimits(3, Duration.ofSeconds(30), Duration.ofMinutes(1), 50, Duration.ofMinutes(15)))
                .build();
        for (int i = 1; i <= 4; i++) {
            assertThat(guard.signIn(NOBODY, "user" + i, "guess", "2001:db8:1:2::" + Integer.toHexString(i)))
                    .isEqualTo(new SignInGuard.Refused());
        }
        assertThat(guard.signIn(NOBODY, "user5", "guess", "2001:db8:1:2:abcd::5"))
                .isInstanceOf(SignInGuard.TryLater.class);
        // a neighbouring /64 is another subscriber
        assertThat(guard.signIn(NOBODY, "user6", "guess", "2001:db8:1:3::1")).isEqualTo(new SignInGuard.Refused());
    }
}
