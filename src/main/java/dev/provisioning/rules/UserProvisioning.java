package dev.provisioning.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.event.ProvisioningEventEntity;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.patch.PatchEngine;
import dev.provisioning.scim.patch.PatchOperation;
import dev.provisioning.scim.patch.PatchResult;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.provider.ScimCaller;
import dev.provisioning.user.UserDocument;
import dev.provisioning.user.UserRepository;
import dev.provisioning.user.UserRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The matching-and-deactivation rules of product.md §3.1–§3.4 for users, in one place: scope,
 * claim on POST by email, create with role {@code limited}, link on any write, deactivate on
 * {@code active: false}, deactivate-and-unlink on DELETE, reactivate. Each write runs in one
 * reactive transaction on the request's session with the row locked ({@code select … for no key update}: it serialises writers of the user
 * but lets team-membership inserts check their foreign key), so concurrent writes to one user
 * serialise instead of losing updates, and appends a provisioning event — in the write's own statement
 * (one round trip for both), or on its own when nothing is written.
 */
@ApplicationScoped
public class UserProvisioning {
    static final String USER = "User";
    public static final String LIMITED = "limited";

    private final UserRepository users;
    private final ProvisioningEvents events;

    public UserProvisioning(UserRepository users, ProvisioningEvents events) {
        this.users = users;
        this.events = events;
    }

    /** POST /Users: claim the organization's user with this email when the caller may, else create one. */
    public Uni<Created> create(ScimCaller caller, ObjectNode doc) {
        String email = UserDocument.matchingEmail(doc);
        return recordFailure(caller, null, "create", Panache.withTransaction(() ->
                users.findByEmailForClaim(caller, email).flatMap(found -> {
                    if (found.isEmpty()) {
                        ProvisioningEventEntity event = events.successEvent(caller, USER, null, "create", attributeNames(doc), 201);
                        return users.insert(caller.organizationId(), caller.providerId(), LIMITED, doc, event)
                                .invoke(row -> events.appended(event))
                                .map(row -> new Created(row, false));
                    }
                    UserRow existing = found.get();
                    if (caller.providerId().equals(existing.providerId())) {
                        throw ScimException.uniqueness("A user with email '" + email + "' already exists for this SCIM provider (id "
                                + existing.id() + ")");
                    }
                    if (existing.isLinked()) {
                        throw ScimException.uniqueness("A user with email '" + email + "' exists and is managed by another SCIM provider;"
                                + " an administrator must unlink it there or move its team to this provider");
                    }
                    return users.lockTeamsAndCheckClaimable(caller, existing.id()).flatMap(claimable -> {
                        if (!claimable) {
                            throw ScimException.uniqueness("A user with email '" + email + "' exists but is not in a team managed by"
                                    + " this SCIM provider; an administrator must add it to one of this provider's teams");
                        }
                        return write(existing, doc, caller.providerId(), false,
                                events.successEvent(caller, USER, existing.id(), "claim", attributeNames(doc), 201))
                                .map(row -> new Created(row, true));
                    });
                })).onFailure().transform(Conflicts.uniqueness(email, UserDocument.userName(doc))));
    }

    /** PUT /Users/{id}: replace the document (product fields follow it) and link the user. */
    public Uni<UserRow> replace(ScimCaller caller, UUID id, ObjectNode doc, String ifMatch) {
        return recordFailure(caller, id, "replace", Panache.withTransaction(() ->
                lockVisible(caller, id).flatMap(row -> {
                    Versions.checkIfMatch(ifMatch, row.version());
                    ObjectNode stored = doc.deepCopy();
                    if (!stored.has("active")) {
                        stored.put("active", row.active());
                    }
                    if (stored.equals(row.scim()) && caller.providerId().equals(row.providerId())) {
                        return events.success(caller, USER, id, "replace", List.of(), 200).replaceWith(row);
                    }
                    return write(row, stored, caller.providerId(), false,
                            events.successEvent(caller, USER, id, "replace", changedNames(row.scim(), stored), 200));
                })).onFailure().transform(Conflicts.uniqueness(UserDocument.matchingEmail(doc), UserDocument.userName(doc))));
    }

    /** PATCH /Users/{id}: apply the operations atomically; a PATCH that changes nothing writes nothing. */
    public Uni<UserRow> patch(ScimCaller caller, UUID id, List<PatchOperation> operations, String ifMatch) {
        String[] attempted = new String[2];
        return recordFailure(caller, id, "patch", Panache.withTransaction(() ->
                lockVisible(caller, id).flatMap(row -> {
                    Versions.checkIfMatch(ifMatch, row.version());
                    PatchResult result = PatchEngine.apply(row.scim(), operations, ScimSchemas.USER_TYPE);
                    boolean linked = caller.providerId().equals(row.providerId());
                    if (!result.changed()) {
                        if (linked) {
                            return events.success(caller, USER, id, "patch", List.of(), 200).replaceWith(row);
                        }
                        ProvisioningEventEntity event = events.successEvent(caller, USER, id, "patch", List.of(), 200);
                        return users.link(row, caller.providerId(), event).invoke(written -> events.appended(event));
                    }
                    ObjectNode doc = result.resource();
                    attempted[0] = UserDocument.matchingEmail(doc);
                    attempted[1] = UserDocument.userName(doc);
                    if (UserDocument.userName(doc) == null || UserDocument.userName(doc).isBlank()) {
                        throw ScimException.mutability("userName is required and cannot be removed");
                    }
                    return write(row, doc, caller.providerId(), false,
                            events.successEvent(caller, USER, id, "patch", result.changedAttributes(), 200));
                })).onFailure().transform(failure -> Conflicts.uniqueness(attempted[0], attempted[1]).apply(failure)));
    }

    /** DELETE /Users/{id}: deactivate and unlink; the account and its data stay (product.md §3.4). */
    public Uni<Void> delete(ScimCaller caller, UUID id, String ifMatch) {
        return recordFailure(caller, id, "delete", Panache.withTransaction(() ->
                lockVisible(caller, id).flatMap(row -> {
                    Versions.checkIfMatch(ifMatch, row.version());
                    ObjectNode doc = row.scim().deepCopy();
                    doc.put("active", false);
                    return write(row, doc, null, true, events.successEvent(caller, USER, id, "delete", List.of("active"), 204));
                }))).replaceWithVoid();
    }

    /** Writes the user and appends its event in the same statement; counts the event once written. */
    private Uni<UserRow> write(UserRow row, ObjectNode doc, UUID providerId, boolean scimDeleted, ProvisioningEventEntity event) {
        return users.write(row, doc, providerId, scimDeleted, event).invoke(written -> events.appended(event));
    }

    /**
     * The user, locked, if the caller sees it. A write to an unlinked user links it (§3.3), so its
     * claimability is checked again with its teams locked: the scope the locking statement applied
     * may predate a team assignment that committed while it waited.
     */
    private Uni<UserRow> lockVisible(ScimCaller caller, UUID id) {
        return users.findVisible(caller, id, true)
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .call(row -> row.isLinked() ? Uni.createFrom().voidItem()
                        : users.lockTeamsAndCheckClaimable(caller, id).invoke(claimable -> {
                            if (!claimable) {
                                throw notFound(id);
                            }
                        }));
    }

    private static ScimException notFound(UUID id) {
        return ScimException.notFound("User " + id + " not found");
    }

    /** Every failed write is recorded too, after its transaction rolled back. */
    private <T> Uni<T> recordFailure(ScimCaller caller, UUID id, String operation, Uni<T> write) {
        return write.onFailure(ScimException.class).call(failure -> {
            ScimException error = (ScimException) failure;
            return events.recordFailure(caller, USER, id, operation, error.status(), error.detail())
                    .onFailure().recoverWithNull();
        });
    }

    static Set<String> attributeNames(ObjectNode doc) {
        Set<String> names = new TreeSet<>();
        doc.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> changedNames(ObjectNode before, ObjectNode after) {
        Set<String> names = new TreeSet<>();
        Iterator<String> fields = after.fieldNames();
        while (fields.hasNext()) {
            String name = fields.next();
            if (!after.get(name).equals(before.get(name))) {
                names.add(name);
            }
        }
        before.fieldNames().forEachRemaining(name -> {
            if (!after.has(name)) {
                names.add(name);
            }
        });
        return new ArrayList<>(names);
    }

    /** A POST's outcome: the stored user, and whether an existing account was claimed. */
    public record Created(UserRow row, boolean claimed) {
    }
}
