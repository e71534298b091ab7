package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestIdsTest {
    private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "abc                         | true",
            "A-Z_a.z-0.9                 | true",
            "0af7651916cd43dd8448eb211c80319c | true",
            "''                          | false",
            "has space                   | false",
            "quote\"d                    | false",
            "semi;colon                  | false",
            "slash/ed                    | false",
            "émile                       | false",
            "user@example.com            | false" })
    void saneIdsAreAFewSafeCharacters(String value, boolean sane) {
        assertThat(RequestIds.sane(value)).isEqualTo(sane);
    }

    @Test
    void saneUpTo128Characters() {
        assertThat(RequestIds.sane("a".repeat(128))).isTrue();
        assertThat(RequestIds.sane("a".repeat(129))).isFalse();
        assertThat(RequestIds.sane(null)).isFalse();
        assertThat(RequestIds.sane("forged\n{\"level\":\"INFO\"}")).isFalse();
        assertThat(RequestIds.sane("tab\tbed")).isFalse();
    }

    @Test
    void takenWhenSaneElseGenerated() {
        assertThat(RequestIds.takeOrGenerate("lb-4711")).isEqualTo("lb-4711");
        assertThat(RequestIds.takeOrGenerate("a b")).matches(UUID_TEXT);
        assertThat(RequestIds.takeOrGenerate(null)).matches(UUID_TEXT);
        assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
    }
}
