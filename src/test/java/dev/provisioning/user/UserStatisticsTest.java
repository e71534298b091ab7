package dev.provisioning.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.Eventually;
import dev.provisioning.support.TenantTest;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The statistics of users are gathered again soon after the table doubled, not at autovacuum's first look. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class UserStatisticsTest extends TenantTest {

    private long manualAnalyzes() {
        return data.count("select analyze_count from pg_stat_user_tables where relname = 'users'");
    }

    @Test
    void aTableThatDoubledIsAnalyzedWithinSeconds() {
        long before = manualAnalyzes();
        long users = data.count("select count(*) from users");

        data.bulkProductUsers(tenant.organizationId(), "stats-" + System.nanoTime() + "-", (int) Math.max(2 * UserStatistics.MIN_CHANGES,
                users + UserStatistics.MIN_CHANGES));

        long after = Eventually.await(Duration.ofSeconds(30), this::manualAnalyzes, count -> count > before);
        assertThat(after).isGreaterThan(before);
        assertThat(data.count("select count(*) from pg_stats where tablename = 'users' and attname = 'organization_id'")).isEqualTo(1);
    }

    @Test
    void freshStatisticsAreLeftAlone() {
        boolean analyzed = TestData.inTransaction(() -> new UserRepository().analyzeIfStale(Long.MAX_VALUE));

        assertThat(analyzed).isFalse();
    }
}
