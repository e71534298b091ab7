package dev.provisioning.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.event.ProvisioningEventEntity;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.patch.MemberChange;
import dev.provisioning.scim.patch.PatchEngine;
import dev.provisioning.scim.patch.PatchOperation;
import dev.provisioning.scim.patch.PatchResult;
import dev.provisioning.scim.schema.ResourceNormalizer;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.provider.ScimCaller;
import dev.provisioning.team.GroupRow;
import dev.provisioning.team.TeamRepository;
import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The group rules of product.md §3.5: the Groups a provider sees are the teams it manages; POST
 * creates a team it manages (409 on a displayName it already sees); DELETE stops managing the team
 * and keeps it with its members; membership changes accept only users in the provider's scope.
 *
 * <p>Each write runs in one transaction with the team row locked, validates every member id of the
 * request with one query before anything is written (so an unknown id applies nothing), applies
 * the membership changes in request order with set-based SQL that never reads the other members,
 * bumps {@code version} only when something changed, and appends a provisioning event with the
 * member counts. Failures are recorded after the rollback.
 */
@ApplicationScoped
public class GroupProvisioning {
    static final String GROUP = "Group";
    private static final int NAMED_IDS = 20;
    /** Canonical UUID text only: UUID.fromString also takes "1-2-3-4-5", which names no user. */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final TeamRepository groups;
    private final UserRepository users;
    private final ScimProviderRepository providers;
    private final ProvisioningEvents events;

    public GroupProvisioning(TeamRepository groups, UserRepository users, ScimProviderRepository providers, ProvisioningEvents events) {
        this.groups = groups;
        this.users = users;
        this.providers = providers;
        this.events = events;
    }

    /** POST /Groups: a new team managed by the caller's provider, with the members of the body. */
    public Uni<GroupRow> create(ScimCaller caller, ObjectNode doc) {
        List<String> memberIds = ResourceNormalizer.takeMembers(doc);
        String name = displayName(doc);
        String externalId = externalId(doc);
        MemberPlan plan = MemberPlan.of(List.of(new MemberChange.Add(memberIds)));
        Set<String> attributes = new TreeSet<>();
        doc.fieldNames().forEachRemaining(attributes::add);
        if (!memberIds.isEmpty()) {
            attributes.add("members");
        }
        return recordFailure(caller, null, "create", Panache.withTransaction(() ->
                validate(caller, plan)
                        .flatMap(valid -> groups.insert(caller, name, externalId))
                        .flatMap(row -> apply(caller, row.id(), plan)
                                .call(counts -> events.success(caller, GROUP, row.id(), "create", attributes, 201,
                                        counts.detail()))
                                .replaceWith(row)))
                .onFailure().transform(Conflicts.groupDisplayName(name)));
    }

    /** PUT /Groups/{id}: displayName, externalId and the whole member set are replaced. */
    public Uni<GroupRow> replace(ScimCaller caller, UUID id, ObjectNode doc, String ifMatch) {
        List<String> memberIds = ResourceNormalizer.takeMembers(doc);
        String name = displayName(doc);
        String externalId = externalId(doc);
        MemberPlan plan = MemberPlan.of(List.of(new MemberChange.ReplaceAll(memberIds)));
        return recordFailure(caller, id, "replace", Panache.withTransaction(() ->
                lockVisible(caller, id).flatMap(row -> {
                    Versions.checkIfMatch(ifMatch, row.version());
                    List<String> changed = new ArrayList<>();
                    if (!name.equals(row.displayName())) {
                        changed.add("displayName");
                    }
                    if (!Objects.equals(externalId, row.externalId())) {
                        changed.add("externalId");
                    }
                    return validate(caller, plan)
                            .flatMap(valid -> apply(caller, id, plan))
                            .flatMap(counts -> finish(caller, row, name, externalId, changed, counts, "replace", 200));
                }))
                .onFailure().transform(Conflicts.groupDisplayName(name)));
    }

    /**
     * PATCH /Groups/{id}: attribute operations through {@link PatchEngine}, member operations as the
     * ordered {@link MemberChange}s it returns. {@code status} is what the response will be (204, or
     * 200 when the client asked for a body), for the event.
     */
    public Uni<GroupRow> patch(ScimCaller caller, UUID id, List<PatchOperation> operations, String ifMatch, int status) {
        String[] attemptedName = new String[1];
        return recordFailure(caller, id, "patch", Panache.withTransaction(() ->
                lockVisible(caller, id).flatMap(row -> {
                    Versions.checkIfMatch(ifMatch, row.version());
                    PatchResult result = PatchEngine.apply(document(row), operations, ScimSchemas.GROUP_TYPE);
                    String name = displayName(result.resource());
                    attemptedName[0] = name;
                    String externalId = externalId(result.resource());
                    MemberPlan plan = MemberPlan.of(result.memberChanges());
                    List<String> changed = new ArrayList<>(new TreeSet<>(result.changedAttributes()));
                    return validate(caller, plan)
                            .flatMap(valid -> apply(caller, id, plan))
                            .flatMap(counts -> finish(caller, row, name, externalId, changed, counts, "patch", status));
                }))
                .onFailure().transform(failure -> Conflicts.groupDisplayName(attemptedName[0]).apply(failure)));
    }

    /** DELETE /Groups/{id}: the team is no longer managed by the provider; it and its members remain. */
    public Uni<Void> delete(ScimCaller caller, UUID id, String ifMatch) {
        return recordFailure(caller, id, "delete", Panache.withTransaction(() ->
                lockVisible(caller, id).flatMap(row -> {
                    Versions.checkIfMatch(ifMatch, row.version());
                    return groups.unmanage(caller, id)
                            .call(done -> providers.clearDefaultTeam(caller.organizationId(), caller.providerId(), id))
                            .call(done -> events.success(caller, GROUP, id, "delete", List.of(), 204));
                }))).replaceWithVoid();
    }

    /** Writes the row when anything changed (bumping version and lastModified), else leaves it as it is. */
    private Uni<GroupRow> finish(ScimCaller caller, GroupRow row, String name, String externalId,
            List<String> changed, MemberCounts counts, String operation, int status) {
        List<String> attributes = new ArrayList<>(changed);
        if (counts.any() && !attributes.contains("members")) {
            attributes.add("members");
        }
        boolean rowChanged = !name.equals(row.displayName()) || !Objects.equals(externalId, row.externalId());
        if (!rowChanged && !counts.any()) {
            return events.success(caller, GROUP, row.id(), operation, attributes, status, counts.detail()).replaceWith(row);
        }
        ProvisioningEventEntity event = events.successEvent(caller, GROUP, row.id(), operation, attributes, status, counts.detail());
        return groups.write(caller, row.id(), name, externalId, event).invoke(written -> events.appended(event));
    }

    private Uni<GroupRow> lockVisible(ScimCaller caller, UUID id) {
        return groups.findVisible(caller, id, true)
                .map(found -> found.orElseThrow(() -> ScimException.notFound("Group " + id + " not found")));
    }

    /**
     * Every id that would become a member must be a user in the caller's scope (product.md §3.2,
     * §7): one query for the whole request; otherwise 400 {@code invalidValue} naming the ids.
     */
    private Uni<Void> validate(ScimCaller caller, MemberPlan plan) {
        if (!plan.malformed().isEmpty()) {
            return Uni.createFrom().failure(ScimException.invalidValue("Member ids must be user ids (UUIDs); not a user id: "
                    + named(plan.malformed()) + "; nothing of this request was applied"));
        }
        List<UUID> joining = new ArrayList<>(plan.joining().keySet());
        return users.idsInScope(caller, joining).map(inScope -> {
            Set<UUID> found = new HashSet<>(inScope);
            List<String> unknown = new ArrayList<>();
            for (UUID id : joining) {
                if (!found.contains(id)) {
                    unknown.add(plan.joining().get(id));
                }
            }
            if (!unknown.isEmpty()) {
                throw ScimException.invalidValue("Unknown member id(s), not users this SCIM provider can see: "
                        + named(unknown) + "; nothing of this request was applied");
            }
            return null;
        });
    }

    /** Applies the membership changes in request order; returns how many memberships were added and removed. */
    private Uni<MemberCounts> apply(ScimCaller caller, UUID teamId, MemberPlan plan) {
        MemberCounts counts = new MemberCounts();
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (ParsedChange change : plan.changes()) {
            chain = chain.flatMap(previous -> switch (change.kind()) {
                case ADD -> groups.addMembers(caller, teamId, change.ids()).map(n -> counts.added(n));
                case REMOVE -> groups.removeMembers(caller, teamId, change.ids()).map(n -> counts.removed(n));
                case REPLACE_ALL -> groups.removeMembersExcept(caller, teamId, change.ids()).map(n -> counts.removed(n))
                        .flatMap(removed -> groups.addMembers(caller, teamId, change.ids()).map(n -> counts.added(n)));
            });
        }
        return chain.replaceWith(counts);
    }

    /** Every failed write is recorded too, after its transaction rolled back. */
    private <T> Uni<T> recordFailure(ScimCaller caller, UUID id, String operation, Uni<T> write) {
        return write.onFailure(ScimException.class).call(failure -> {
            ScimException error = (ScimException) failure;
            return events.recordFailure(caller, GROUP, id, operation, error.status(), error.detail())
                    .onFailure().recoverWithNull();
        });
    }

    /** The group as {@link PatchEngine} sees it: its attributes, never its members. */
    static ObjectNode document(GroupRow row) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("displayName", row.displayName());
        if (row.externalId() != null) {
            doc.put("externalId", row.externalId());
        }
        return doc;
    }

    static String displayName(ObjectNode doc) {
        JsonNode name = doc.get("displayName");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            throw ScimException.invalidValue("Attribute 'displayName' is required and cannot be blank");
        }
        return name.textValue();
    }

    static String externalId(ObjectNode doc) {
        JsonNode value = doc.get("externalId");
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String named(List<String> ids) {
        String shown = String.join(", ", ids.subList(0, Math.min(NAMED_IDS, ids.size())));
        return ids.size() > NAMED_IDS ? shown + " (and " + (ids.size() - NAMED_IDS) + " more)" : shown;
    }

    enum Kind { ADD, REMOVE, REPLACE_ALL }

    record ParsedChange(Kind kind, List<UUID> ids) {
    }

    /**
     * The member changes of one request with their ids parsed: which ids are malformed, and which
     * would join the group (those of adds and replaces; removing a non-member is a no-op success,
     * entra-scim §1.12, so removed ids are not looked up).
     */
    record MemberPlan(List<ParsedChange> changes, List<String> malformed, Map<UUID, String> joining) {

        static MemberPlan of(List<MemberChange> memberChanges) {
            List<ParsedChange> changes = new ArrayList<>();
            Set<String> malformed = new LinkedHashSet<>();
            Map<UUID, String> joining = new LinkedHashMap<>();
            for (MemberChange change : memberChanges) {
                if (change instanceof MemberChange.Add add) {
                    changes.add(new ParsedChange(Kind.ADD, parse(add.ids(), malformed, joining)));
                } else if (change instanceof MemberChange.Remove remove) {
                    changes.add(new ParsedChange(Kind.REMOVE, parse(remove.ids(), malformed, null)));
                } else if (change instanceof MemberChange.RemoveAll) {
                    changes.add(new ParsedChange(Kind.REPLACE_ALL, List.of()));
                } else if (change instanceof MemberChange.ReplaceAll replaceAll) {
                    changes.add(new ParsedChange(Kind.REPLACE_ALL, parse(replaceAll.ids(), malformed, joining)));
                }
            }
            return new MemberPlan(changes, List.copyOf(malformed), joining);
        }

        /** Distinct ids in request order; {@code joining} (when given) remembers each as it was sent. */
        private static List<UUID> parse(List<String> ids, Set<String> malformed, Map<UUID, String> joining) {
            Set<UUID> parsed = new LinkedHashSet<>();
            for (String id : ids) {
                if (!UUID_TEXT.matcher(id).matches()) {
                    malformed.add(id);
                    continue;
                }
                UUID uuid = UUID.fromString(id);
                parsed.add(uuid);
                if (joining != null) {
                    joining.putIfAbsent(uuid, id);
                }
            }
            return new ArrayList<>(parsed);
        }
    }

    /** How many memberships one request added and removed. */
    static final class MemberCounts {
        private int added;
        private int removed;

        int added(int n) {
            added += n;
            return n;
        }

        int removed(int n) {
            removed += n;
            return n;
        }

        boolean any() {
            return added > 0 || removed > 0;
        }

        String detail() {
            return added == 0 && removed == 0 ? null : "members added: " + added + ", removed: " + removed;
        }
    }
}
