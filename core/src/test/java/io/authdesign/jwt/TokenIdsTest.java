package io.authdesign.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenIdsTest {

    @Test
    void nextWhenCalledThenRandomVersion4UuidInItsTextForm() {
        for (int i = 0; i < 1_000; i++) {
            String id = TokenIds.next();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.toString()).isEqualTo(id).hasSize(36);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
        }
    }

    @Test
    void nextWhenCalledManyTimesThenNoValueRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(TokenIds.next())).isTrue();
        }
    }

    @Test
    void nextWhenCalledThenEveryRandomBitVaries() {
        // the 122 random bits: each is 0 in some identifiers and 1 in others, the 6 fixed ones never vary
        long msbOr = 0, msbAnd = -1, lsbOr = 0, lsbAnd = -1;
        for (int i = 0; i < 2_000; i++) {
            UUID id = UUID.fromString(TokenIds.next());
            msbOr |= id.getMostSignificantBits();
            msbAnd &= id.getMostSignificantBits();
            lsbOr |= id.getLeastSignificantBits();
            lsbAnd &= id.getLeastSignificantBits();
        }
        assertThat(msbOr ^ msbAnd).isEqualTo(~0xF000L); // all but the version nibble
        assertThat(lsbOr ^ lsbAnd).isEqualTo(~(0xC000_0000_0000_0000L)); // all but the two variant bits
    }
}
