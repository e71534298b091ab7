package dev.provisioning.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioning.support.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

/** The key OAuth access tokens are signed with: the deployment's one, or a process's own, said at start (ReplicasStartIT: a warning once a second replica runs). */
class AccessTokensTest {
    private static final String CATEGORY = AccessTokens.class.getName();
    private static final UUID CLIENT = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID PROVIDER = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    @Test
    void withoutAConfiguredKeyEachProcessSignsWithItsOwnAndSaysThatOthersRefuseItsTokens() {
        try (CapturedLog log = new CapturedLog(CATEGORY)) {
            byte[] first = AccessTokens.signingKey(Optional.empty());
            byte[] second = AccessTokens.signingKey(Optional.of("  "));
            assertThat(first).hasSize(32).isNotEqualTo(second);
            assertThat(log.records()).hasSize(2).allSatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.INFO);
                assertThat(record.getMessage()).startsWith("SCIM_OAUTH_TOKEN_SIGNING_KEY (scim.oauth.token-signing-key) is not set")
                        .contains("other replicas will not accept them, nor will this one after a restart")
                        .isEqualTo(AccessTokens.OWN_KEY);
            });
            // what a second replica (or this one restarted) makes of a token
            String token = new AccessTokens(first, Duration.ofHours(1)).issue(CLIENT, PROVIDER, Instant.now());
            assertThat(new AccessTokens(second, Duration.ofHours(1)).verify(token)).isEmpty();
        }
    }

    @Test
    void theConfiguredKeyIsEveryReplicasAndSilent() {
        byte[] key = new byte[32];
        key[0] = 7;
        String configured = Base64.getEncoder().encodeToString(key);
        try (CapturedLog log = new CapturedLog(CATEGORY)) {
            byte[] onA = AccessTokens.signingKey(Optional.of(configured));
            byte[] onB = AccessTokens.signingKey(Optional.of(" " + configured + "\n"));
            assertThat(onA).isEqualTo(key);
            assertThat(onB).isEqualTo(key);
            assertThat(log.records()).extracting(ExtLogRecord::getMessage).isEmpty();
            String token = new AccessTokens(onA, Duration.ofHours(1)).issue(CLIENT, PROVIDER, Instant.now());
            assertThat(new AccessTokens(onB, Duration.ofHours(1)).verify(token)).contains(new AccessTokens.Claims(CLIENT, PROVIDER));
        }
    }

    @Test
    void aKeyShorterThan32BytesStopsTheStart() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        assertThatThrownBy(() -> AccessTokens.signingKey(Optional.of(shortKey))).isInstanceOf(IllegalStateException.class)
                .hasMessage("scim.oauth.token-signing-key must be the base64 of at least 32 random bytes");
    }
}
