package io.authdesign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderedTokensTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generateWhenCalledThenIssueTimeInHexThenDotThenFortyThreeBase64urlCharacters() {
        Instant issuedAt = Instant.parse("2026-12-06T18:00:00.123Z");

        String token = OrderedTokens.generate(issuedAt, random);

        assertThat(token).matches("[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}");
        assertThat(Long.parseLong(token.substring(0, 12), 16)).isEqualTo(issuedAt.toEpochMilli());
    }

    @Test
    void generateWhenCalledManyTimesAtOneInstantThenEveryValueDiffers() {
        Instant now = Instant.parse("2026-12-06T18:00:00Z");
        Set<String> tokens = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            tokens.add(OrderedTokens.generate(now, random));
        }

        assertThat(tokens).hasSize(1000);
    }

    @Test
    void generateWhenBeforeTheEpochThenPrefixIsZero() {
        assertThat(OrderedTokens.generate(Instant.parse("1969-12-31T23:59:59Z"), random))
                .startsWith("000000000000.");
    }

    @Test
    void keyWhenTimeOrderedTokenThenPrefixAndDotThenSha256OfTheWholeToken() {
        String token = OrderedTokens.generate(Instant.parse("2026-12-06T18:00:00Z"), random);

        String key = OrderedTokens.key(token);

        assertThat(key).hasSize(56).isEqualTo(token.substring(0, 13) + TokenHashes.sha256(token));
        assertThat(key).doesNotContain(token.substring(13));
    }

    @Test
    void keyWhenTokensIssuedLaterThenKeysSortLater() {
        List<String> keys = new ArrayList<>();
        Instant at = Instant.parse("2026-12-06T18:00:00Z");
        for (int i = 0; i < 200; i++) {
            keys.add(OrderedTokens.key(OrderedTokens.generate(at.plusMillis(i * 7L), random)));
        }

        assertThat(keys).isSorted();
    }

    @Test
    void keyWhenAnyOtherValueThenSha256Alone() {
        String tail = "x89WaBzIf82Gh4p7IoFRD5vrPXLLGL2Bomnkco_vaDo"; // 43 base64url characters
        for (String value : List.of(
                tail, // a token of the earlier, random format
                "rt-1",
                "",
                "01a24c7c0d44", // the prefix without the dot
                "01a24c7c0d44.", // nothing after the dot
                "01a24c7c0d44." + tail.substring(1), // 42 characters after the dot
                "01a24c7c0d44." + tail + "A", // 44
                "01a24c7c0d44." + tail.substring(1) + "=", // not base64url
                "01a24c7c0d44." + tail.substring(1) + ".", // a second dot
                "01A24C7C0D44." + tail, // upper-case hex
                "01a24c7c0d4g." + tail, // not hex
                "01a24c7c0d44." + tail.substring(1) + "+", // standard base64, not base64url
                "01a24c7c0d44." + tail.substring(1) + "/",
                "01a24c7c0d44." + tail.substring(1) + "\u00e9", // not ASCII
                "01a24c7c0d44." + tail.substring(1) + " ",
                "01a24c7c0d44," + tail, // another separator
                "001a24c7c0d44." + tail.substring(1))) { // 56 characters, the dot one place later
            assertThat(OrderedTokens.key(value)).as(value).isEqualTo(TokenHashes.sha256(value));
        }
        assertThat(OrderedTokens.key("01a24c7c0d44." + tail))
                .isEqualTo("01a24c7c0d44." + TokenHashes.sha256("01a24c7c0d44." + tail));
    }
}
