package dev.provisioning.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.rules.GroupProvisioning.Kind;
import dev.provisioning.rules.GroupProvisioning.MemberPlan;
import dev.provisioning.rules.GroupProvisioning.ParsedChange;
import dev.provisioning.scim.patch.MemberChange;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the member changes of one request become the plan GroupProvisioning validates and applies. */
class GroupMemberPlanTest {
    private static final String A = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String C = "16fd2706-8baf-433b-82eb-8c7fada847da";

    @Test
    void changesKeepRequestOrderAndOnlyJoiningIdsAreLookedUp() {
        MemberPlan plan = MemberPlan.of(List.of(
                new MemberChange.Add(List.of(A, B)),
                new MemberChange.Remove(List.of(C)),
                new MemberChange.RemoveAll(),
                new MemberChange.ReplaceAll(List.of(C))));
        assertThat(plan.changes()).containsExactly(
                new ParsedChange(Kind.ADD, List.of(UUID.fromString(A), UUID.fromString(B))),
                new ParsedChange(Kind.REMOVE, List.of(UUID.fromString(C))),
                new ParsedChange(Kind.REPLACE_ALL, List.of()),
                new ParsedChange(Kind.REPLACE_ALL, List.of(UUID.fromString(C))));
        assertThat(plan.joining().keySet()).containsExactly(UUID.fromString(A), UUID.fromString(B), UUID.fromString(C));
        assertThat(plan.malformed()).isEmpty();
    }

    @Test
    void removedIdsAreNotLookedUpSoRemovingANonMemberStaysANoOp() {
        MemberPlan plan = MemberPlan.of(List.of(new MemberChange.Remove(List.of(A))));
        assertThat(plan.joining()).isEmpty();
    }

    @Test
    void idsThatAreNotCanonicalUuidsAreMalformedEvenWhereUuidFromStringWouldAcceptThem() {
        MemberPlan plan = MemberPlan.of(List.of(
                new MemberChange.Add(List.of("not-a-user", "1-2-3-4-5", A)),
                new MemberChange.Remove(List.of("", "not-a-user"))));
        assertThat(plan.malformed()).containsExactly("not-a-user", "1-2-3-4-5", "");
        assertThat(plan.joining().keySet()).containsExactly(UUID.fromString(A));
    }

    @Test
    void upperCaseIdsAreTheSameUserAndAreNamedAsSent() {
        MemberPlan plan = MemberPlan.of(List.of(new MemberChange.Add(List.of(A.toUpperCase(), A))));
        assertThat(plan.changes().get(0).ids()).containsExactly(UUID.fromString(A));
        assertThat(plan.joining()).containsEntry(UUID.fromString(A), A.toUpperCase());
    }
}
