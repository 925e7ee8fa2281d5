package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserCodesTest {

    @Test
    void generateWhenCalledThenEightAlphabetCharactersShownAsTwoGroups() {
        SecureRandom random = new SecureRandom();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = UserCodes.generate(random);
            assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
            codes.add(code);
        }
        assertThat(codes).hasSizeGreaterThan(190);
    }

    @Test
    void normaliseWhenLowerCaseDashOrSpacesThenUpperCaseWithoutSeparators() {
        assertThat(UserCodes.normalise("wdjb-mjht")).isEqualTo("WDJBMJHT");
        assertThat(UserCodes.normalise(" WDJB MJHT ")).isEqualTo("WDJBMJHT");
        assertThat(UserCodes.normalise("WDJBMJHT")).isEqualTo("WDJBMJHT");
    }

    @Test
    void normaliseWhenDefaultLocaleIsTurkishThenDotlessUpperCaseStillUsed() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(UserCodes.normalise("bcdf-ghij")).isEqualTo("BCDFGHIJ");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
