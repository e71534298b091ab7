package dev.provisioning.admin;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.scim;
import static dev.provisioning.support.ScimApi.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.TenantTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An administrator's team assignment or membership change racing a SCIM claim of one of the team's
 * members (product.md §3.2, §3.6): whatever the interleaving, exactly one of them wins, and no user
 * linked to one provider ends up in a team another provider manages.
 *
 * <p>Two tests force the interleaving that used to break it (the claim's locking read waits while the
 * admin change commits, then decides on what it read before waiting); the others race the two
 * requests many times.
 */
@QuarkusTest
class ClaimRaceTest extends TenantTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    @Override
    protected boolean multiScim() {
        return true;
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    /** The organization's second provider (P2), which the admin side moves teams and members to. */
    private UUID second() {
        return UUID.fromString(admin(orgAdmin(tenant.organizationId())).body("{\"name\":\"Second tenant " + UUID.randomUUID() + "\"}")
                .post("/admin/organizations/" + tenant.organizationId() + "/scim-providers").then().statusCode(201).extract().path("id"));
    }

    /** A team no provider manages yet, made as an administrator makes it. */
    private UUID unmanagedTeam(String name) {
        return UUID.fromString(admin(orgAdmin(tenant.organizationId())).body("{\"name\":\"" + name + "\"}")
                .post("/admin/organizations/" + tenant.organizationId() + "/teams").then().statusCode(201).extract().path("id"));
    }

    private Response assign(UUID team, UUID provider) {
        return admin(orgAdmin(tenant.organizationId())).body("{\"scimProviderId\":\"" + provider + "\"}")
                .put("/admin/organizations/" + tenant.organizationId() + "/teams/" + team + "/scim-provider");
    }

    private Response addMember(UUID team, UUID user) {
        return admin(orgAdmin(tenant.organizationId()))
                .put("/admin/organizations/" + tenant.organizationId() + "/teams/" + team + "/members/" + user);
    }

    private Response claim(String email) {
        return scim(tenant.token()).body(userBody(email, "Raced")).post("/scim/v2/Users");
    }

    /** Users linked to one provider who are members of a team another provider manages: must stay empty. */
    private long usersUnderAnotherProvider() {
        return data.count("""
                select count(*) from users u join team_members tm on tm.user_id = u.id join teams t on t.id = tm.team_id
                where u.organization_id = $1 and u.scim_provider_id is not null and t.scim_provider_id is not null
                  and t.scim_provider_id <> u.scim_provider_id""", tenant.organizationId());
    }

    @Test
    void aClaimThatWaitedForTheUserWhileItsTeamWasAssignedElsewhereIsRefused() throws Exception {
        UUID second = second();
        UUID own = data.team(tenant.organizationId(), "Own " + UUID.randomUUID(), tenant.providerId());
        UUID moving = unmanagedTeam("Moving " + UUID.randomUUID());
        String email = "waited-" + UUID.randomUUID() + "@contoso.com";
        UUID user = data.productUser(tenant.organizationId(), email, "Waited", "regular");
        data.member(own, user);
        data.member(moving, user);

        claimWaitingForTheUser(user, email, () -> assign(moving, second).then().statusCode(200)).then().statusCode(409);
        assertThat(data.user(user).get("scim_provider_id")).isNull();
        assertThat(usersUnderAnotherProvider()).isZero();
    }

    @Test
    void aClaimThatWaitedForTheUserWhileItJoinedAnotherProvidersTeamIsRefused() throws Exception {
        UUID second = second();
        UUID own = data.team(tenant.organizationId(), "Own " + UUID.randomUUID(), tenant.providerId());
        UUID theirs = data.team(tenant.organizationId(), "Theirs " + UUID.randomUUID(), second);
        String email = "joined-" + UUID.randomUUID() + "@contoso.com";
        UUID user = data.productUser(tenant.organizationId(), email, "Joined", "regular");
        data.member(own, user);

        claimWaitingForTheUser(user, email, () -> addMember(theirs, user).then().statusCode(204)).then().statusCode(409);
        assertThat(data.user(user).get("scim_provider_id")).isNull();
        assertThat(data.members(theirs)).containsExactly(user);
        assertThat(usersUnderAnotherProvider()).isZero();
    }

    @Test
    void teamAssignmentRacingAClaimOfItsMemberLetsExactlyOneWin() throws Exception {
        UUID second = second();
        UUID own = data.team(tenant.organizationId(), "Own " + UUID.randomUUID(), tenant.providerId());
        int assigned = 0;
        int claimed = 0;
        for (int round = 0; round < 40; round++) {
            UUID moving = unmanagedTeam("Moving " + round + " " + UUID.randomUUID());
            String email = "race-" + round + "-" + UUID.randomUUID() + "@contoso.com";
            UUID user = data.productUser(tenant.organizationId(), email, "Race " + round, "regular");
            data.member(own, user);
            data.member(moving, user);

            List<Response> answers = race(() -> assign(moving, second), () -> claim(email));
            int assignment = answers.get(0).statusCode();
            int claim = answers.get(1).statusCode();
            UUID linked = (UUID) data.user(user).get("scim_provider_id");
            UUID manager = (UUID) data.teamRow(moving).get("scim_provider_id");
            if (assignment == 200) {
                assertThat(claim).as("round %d: the claim after the team moved", round).isEqualTo(409);
                assertThat(linked).isNull();
                assertThat(manager).isEqualTo(second);
                assigned++;
            } else {
                assertThat(assignment).as("round %d: the assignment after the claim", round).isEqualTo(409);
                assertThat(claim).isEqualTo(201);
                assertThat(linked).isEqualTo(tenant.providerId());
                assertThat(manager).isNull();
                claimed++;
            }
        }
        assertThat(assigned + claimed).isEqualTo(40);
        assertThat(usersUnderAnotherProvider()).isZero();
    }

    @Test
    void membershipChangeRacingAClaimLetsExactlyOneWin() throws Exception {
        UUID second = second();
        UUID own = data.team(tenant.organizationId(), "Own " + UUID.randomUUID(), tenant.providerId());
        UUID theirs = data.team(tenant.organizationId(), "Theirs " + UUID.randomUUID(), second);
        for (int round = 0; round < 40; round++) {
            String email = "member-race-" + round + "-" + UUID.randomUUID() + "@contoso.com";
            UUID user = data.productUser(tenant.organizationId(), email, "Member race " + round, "regular");
            data.member(own, user);

            List<Response> answers = race(() -> addMember(theirs, user), () -> claim(email));
            int added = answers.get(0).statusCode();
            int claim = answers.get(1).statusCode();
            if (added == 204) {
                assertThat(claim).as("round %d: the claim after the user joined the other provider's team", round).isEqualTo(409);
                assertThat(data.user(user).get("scim_provider_id")).isNull();
                assertThat(data.members(theirs)).contains(user);
            } else {
                assertThat(added).as("round %d: the membership after the claim", round).isEqualTo(409);
                assertThat(claim).isEqualTo(201);
                assertThat(data.user(user).get("scim_provider_id")).isEqualTo(tenant.providerId());
                assertThat(data.members(theirs)).doesNotContain(user);
            }
        }
        assertThat(usersUnderAnotherProvider()).isZero();
    }

    /**
     * A claim of the user by email whose locking read waits (the test holds the user row {@code for
     * share}) while {@code adminChange} runs to completion; the claim's answer once the row is released.
     */
    private Response claimWaitingForTheUser(UUID user, String email, Runnable adminChange) throws Exception {
        Future<Response> claimed;
        SqlConnection holder = data.pool().getConnectionAndAwait();
        try {
            holder.query("begin").executeAndAwait();
            holder.preparedQuery("select 1 from users where id = $1 for share").executeAndAwait(Tuple.of(user));
            claimed = clients.submit(() -> claim(email));
            awaitWaitingForALock("for no key update of u");
            adminChange.run();
        } finally {
            holder.query("rollback").executeAndAwait();
            holder.closeAndAwait();
        }
        return claimed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Both calls released at the same moment; their answers in order. */
    private List<Response> race(Supplier<Response> first, Supplier<Response> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Response> a = clients.submit(() -> {
            start.await();
            return first.get();
        });
        Future<Response> b = clients.submit(() -> {
            start.await();
            return second.get();
        });
        return List.of(a.get(WAIT.toSeconds(), TimeUnit.SECONDS), b.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** Waits until a statement of the service containing {@code text} waits for a row lock. */
    private void awaitWaitingForALock(String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (data.count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and position($1 in query) > 0", text) > 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no statement with '" + text + "' waited for a lock within " + WAIT);
    }
}
