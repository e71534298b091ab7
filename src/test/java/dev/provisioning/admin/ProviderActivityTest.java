package dev.provisioning.admin;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.createUser;
import static dev.provisioning.support.ScimApi.scim;
import static dev.provisioning.support.ScimApi.userBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.provisioning.support.TestData;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The provider answer of the admin API carries its activity (product.md §5, §8.1):
 * {@code lastActivityAt} (its newest provisioning event) and {@code last24h: {writes, failures}},
 * per provider, from the events, read from an index instead of a scan of all events.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ProviderActivityTest extends TenantTest {

    @Override
    protected boolean multiScim() {
        return true;
    }

    @Test
    void providerWithoutWritesHasNoActivity() {
        provider(tenant.providerId())
                .then().statusCode(200)
                .body("lastActivityAt", nullValue())
                .body("last24h.writes", equalTo(0))
                .body("last24h.failures", equalTo(0));
    }

    @Test
    void writesAndFailuresOfTheLastDayAndTheNewestEvent() {
        String id = createUser(tenant.token(), "activity.one@example.com", "Activity One");
        scim(tenant.token()).body(userBody("activity.one@example.com", "Again")).post("/scim/v2/Users").then().statusCode(409);
        scim(tenant.token()).delete("/scim/v2/Users/" + id).then().statusCode(204);
        scim(tenant.token()).get("/scim/v2/Users/" + id).then().statusCode(404);  // a read: no event

        Response answer = provider(tenant.providerId());
        answer.then().statusCode(200).body("last24h.writes", equalTo(3)).body("last24h.failures", equalTo(1));
        OffsetDateTime newest = newestEvent(tenant.providerId());
        assertThat(OffsetDateTime.parse(answer.path("lastActivityAt")).toInstant()).isEqualTo(newest.toInstant());
    }

    @Test
    void eventsOlderThanADayAreActivityButNotLast24h() {
        UUID quiet = data.provider(tenant.organizationId(), "Quiet tenant");
        event(quiet, "create", "success", "now() - interval '3 days'");
        event(quiet, "patch", "failure", "now() - interval '25 hours'");
        event(quiet, "patch", "success", "now() - interval '23 hours'");

        Response answer = provider(quiet);
        answer.then().statusCode(200).body("last24h.writes", equalTo(1)).body("last24h.failures", equalTo(0));
        assertThat(OffsetDateTime.parse(answer.path("lastActivityAt")).toInstant()).isEqualTo(newestEvent(quiet).toInstant());
        assertThat(newestEvent(quiet)).isBefore(OffsetDateTime.now().minusHours(22));
    }

    @Test
    void eachProviderCountsOnlyItsOwnEventsInTheListToo() {
        UUID other = data.provider(tenant.organizationId(), "Other tenant");
        TestData.Key otherKey = data.providerKey(tenant.organizationId(), other);
        createUser(otherKey.token(), "activity.other@example.com", "Other");
        scim(otherKey.token()).body(userBody("activity.other@example.com", "Again")).post("/scim/v2/Users").then().statusCode(409);
        createUser(tenant.token(), "activity.mine@example.com", "Mine");
        // events naming this provider under another organization must not count either
        data.exec("insert into provisioning_events (organization_id, scim_provider_id, resource_type, operation, outcome, status,"
                + " created_at) values ($1, $2, 'User', 'create', 'failure', 409, now())", UUID.randomUUID(), tenant.providerId());

        admin(orgAdmin(tenant.organizationId())).get("/admin/organizations/" + tenant.organizationId() + "/scim-providers")
                .then().statusCode(200)
                .body("find { it.id == '" + tenant.providerId() + "' }.last24h.writes", equalTo(1))
                .body("find { it.id == '" + tenant.providerId() + "' }.last24h.failures", equalTo(0))
                .body("find { it.id == '" + other + "' }.last24h.writes", equalTo(2))
                .body("find { it.id == '" + other + "' }.last24h.failures", equalTo(1));
    }

    @Test
    void activityIsReadFromTheIndexNotByScanningEvents() {
        UUID busy = data.provider(tenant.organizationId(), "Busy tenant");
        UUID neighbour = data.provider(tenant.organizationId(), "Neighbour");
        for (UUID provider : List.of(busy, neighbour)) {
            // 60 000 events over 30 days, 2 000 of them (200 failures) in the last day, none near its boundary
            data.exec("""
                    insert into provisioning_events (organization_id, scim_provider_id, resource_type, operation, outcome, status,
                                                     created_at)
                    select $1, $2, 'User', 'patch', case when i % 10 = 0 then 'failure' else 'success' end, 200,
                           now() - (i * interval '43.2 seconds') + interval '21.6 seconds'
                    from generate_series(1, 60000) i""", tenant.organizationId(), provider);
        }
        data.exec("analyze provisioning_events");

        List<String> plan = new ArrayList<>();
        for (Row row : data.query("explain " + dev.provisioning.event.ProvisioningEventRepository.ACTIVITY, busy, tenant.organizationId())) {
            plan.add(row.getString(0));
        }
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains("provisioning_events_provider_time").doesNotContain("Seq Scan")
                .doesNotContain("using provisioning_events_provider on");
        provider(busy).then().statusCode(200).body("last24h.writes", equalTo(2000)).body("last24h.failures", equalTo(200));
    }

    private Response provider(UUID providerId) {
        return admin(orgAdmin(tenant.organizationId()))
                .get("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + providerId);
    }

    private OffsetDateTime newestEvent(UUID providerId) {
        return data.query("select max(created_at) from provisioning_events where scim_provider_id = $1", providerId)
                .iterator().next().getOffsetDateTime(0);
    }

    private void event(UUID providerId, String operation, String outcome, String createdAt) {
        data.exec("insert into provisioning_events (organization_id, scim_provider_id, resource_type, operation, outcome, status,"
                + " created_at) values ($1, $2, 'User', $3, $4, 200, " + createdAt + ")", tenant.organizationId(), providerId,
                operation, outcome);
    }
}
