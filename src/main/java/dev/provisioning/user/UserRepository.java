package dev.provisioning.user;

import dev.provisioning.persistence.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.event.ProvisioningEventEntity;
import dev.provisioning.event.ProvisioningEventRepository;
import dev.provisioning.persistence.NativeSql;
import dev.provisioning.persistence.ScopedQuery;
import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.provider.ScimCaller;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code users} table. Every statement is bound to the caller's organization and, for SCIM
 * reads, to the scope of the caller's provider (product.md §3.2): {@code $1} is always the
 * organization and {@code $2} the provider. Statements run on the request's session, inside the
 * caller's transaction when there is one.
 *
 * <p>The SCIM paths read and write rows as {@link UserRow} projections through native statements:
 * a scope predicate, a row lock ({@code for no key update}), the user's groups in the same
 * statement, {@code returning} after a write and the write's provisioning event (and a new user's
 * default-team membership) as data-modifying {@code with} clauses of the write are what keep a lookup
 * at one statement and a write at two (the lock or claim check, then the write); loading managed
 * entities would add a snapshot and a flush of the document per request.
 * The admin side persists {@link UserEntity} as an entity.
 */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, UUID> {
    static final String COLUMNS = "u.id, u.organization_id, u.email, u.display_name, u.role, u.active, u.scim_provider_id, "
            + "u.scim_deleted, u.scim::text, u.user_name, u.external_id, u.created_at, u.last_modified, u.version";
    /**
     * {@link #COLUMNS} without the document, for the {@code returning} of a write that has the document
     * it wrote in hand: the row is answered with that one ({@link #written}), so a write never parses
     * back the text it just serialized.
     */
    private static final String WRITTEN_COLUMNS = COLUMNS.replace("u.scim::text", "null::text");
    /**
     * The document a product user shows to SCIM before any provider wrote to it (product.md §3.1),
     * over a {@code users} row's own {@code email}, {@code display_name} and {@code active}: resets
     * many users at once (e.g. when their provider is deleted) without loading them. Must build the
     * same document as {@link UserDocument#forProductUser}.
     */
    private static final String FOR_PRODUCT_USER = "(jsonb_build_object('userName', email, 'active', active, 'emails', "
            + "jsonb_build_array(jsonb_build_object('value', email, 'type', 'work', 'primary', true)))"
            + " || case when display_name is null then '{}'::jsonb else jsonb_build_object('displayName', display_name) end)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The read-only {@code groups} attribute in the same statement: the teams of the user that the
     * provider bound at {@code providerBind} manages, as {@code [[id, name], …]} JSON text. Saves the
     * separate read that rendering would otherwise make.
     */
    static String groupsColumn(String providerBind) {
        return "(select coalesce(json_agg(json_build_array(t.id::text, t.name) order by t.name, t.id), '[]'::json)::text"
                + " from team_members tm join teams t on t.id = tm.team_id where tm.user_id = u.id and t.scim_provider_id = "
                + providerBind + ")";
    }

    /**
     * The users provider $2 sees: linked to it, or unlinked and claimable by it — every unlinked
     * user without multi-SCIM; with multi-SCIM only members of a team it manages and of no team
     * another provider manages. Users a SCIM DELETE unlinked are hidden from all.
     */
    public static String scope(boolean multiScim) {
        return "u.organization_id = $1 and not u.scim_deleted and (u.scim_provider_id = $2 or (u.scim_provider_id is null and "
                + claimable(multiScim) + "))";
    }

    /**
     * {@link #scope} for a search the email index answers ({@link SqlFragment#emailIndexed}): the
     * organization and the provider compared as text, which no index serves, so that the plan is the
     * email index alone and both are checked on the row it finds. PostgreSQL would otherwise AND the email
     * index with an organization index, or with a {@code BitmapOr} of the provider index, in the generic
     * plan (costed for an average tenant): a large tenant's lookup then reads all of its index entries
     * (100 000 of them: 15 ms instead of 0.26 ms through the organization, 22 ms mean through the provider,
     * bench/RESULTS.md), and a fresh table's first plan walks the organization instead of using the
     * email index. Only where the email condition is a conjunct of the whole filter: an {@code or}
     * elsewhere keeps the indexable scope.
     */
    static String scopeForEmailLookup(boolean multiScim) {
        return scope(multiScim).replace("u.organization_id = $1", "u.organization_id::text = $1::uuid::text")
                .replace("u.scim_provider_id = $2 or", "u.scim_provider_id::text = $2::uuid::text or");
    }

    private static String scope(boolean multiScim, SqlFragment filter) {
        return filter != null && filter.emailIndexed() ? scopeForEmailLookup(multiScim) : scope(multiScim);
    }

    static String claimable(boolean multiScim) {
        if (!multiScim) {
            return "true";
        }
        return "exists (select 1 from team_members tm join teams t on t.id = tm.team_id where tm.user_id = u.id and t.scim_provider_id = $2)"
                + " and not exists (select 1 from team_members tm join teams t on t.id = tm.team_id"
                + " where tm.user_id = u.id and t.scim_provider_id <> $2)";
    }

    /** A user the caller sees, with its groups; {@code forUpdate} locks it instead (and skips the groups). */
    public Uni<Optional<UserRow>> findVisible(ScimCaller caller, UUID id, boolean forUpdate) {
        String sql = "select " + COLUMNS + ", true" + (forUpdate ? "" : ", " + groupsColumn("$2"))
                + " from users u where u.id = $3 and " + scope(caller.multiScim())
                + (forUpdate ? " for no key update of u" : "");
        return NativeSql.row(sql, List.of(caller.organizationId(), caller.providerId(), id))
                .map(row -> Optional.ofNullable(row == null ? null : toRow(row)));
    }

    /** The organization's user with this email (ignoring case and blanks), locked, with whether the caller may claim it. */
    public Uni<Optional<UserRow>> findByEmailForClaim(ScimCaller caller, String email) {
        String sql = "select " + COLUMNS + ", (u.scim_provider_id is null and " + claimable(caller.multiScim()) + ")"
                + " from users u where u.organization_id = $1 and $2::uuid is not null and lower(btrim(u.email)) = lower(btrim($3))"
                + " for no key update of u";
        return NativeSql.row(sql, Arrays.asList(caller.organizationId(), caller.providerId(), email))
                .map(row -> Optional.ofNullable(row == null ? null : toRow(row)));
    }

    /**
     * Whether the caller may claim this unlinked user now, with the user's teams locked {@code for
     * share} until the transaction ends. Call it with the user row already locked: the claimable flag
     * that the locking statement computed was read from that statement's snapshot, so a team
     * assignment or membership committed while it waited for the lock is missing from it. Here the
     * teams are locked first (an admin assignment of one of them holds it {@code for update}, so this
     * waits for it, or it waits for this claim) and the answer is read from the locked rows' current
     * versions; a membership added meanwhile is visible because the admin side locks the user row
     * {@code for share} before adding one ({@link #lockProductUser}). Teams are locked in id order, so
     * two claims cannot deadlock. Without multi-SCIM every unlinked user is claimable (§3.2).
     */
    public Uni<Boolean> lockTeamsAndCheckClaimable(ScimCaller caller, UUID userId) {
        if (!caller.multiScim()) {
            return Uni.createFrom().item(true);
        }
        return NativeSql.rows("select t.scim_provider_id from team_members tm join teams t on t.id = tm.team_id"
                        + " where tm.user_id = $1 and t.organization_id = $2 order by t.id for share of t",
                        List.of(userId, caller.organizationId()))
                .map(rows -> {
                    boolean managedByCaller = false;
                    for (Object[] row : rows) {
                        UUID manager = (UUID) row[0];
                        if (manager == null) {
                            continue;
                        }
                        if (!manager.equals(caller.providerId())) {
                            return false;
                        }
                        managedByCaller = true;
                    }
                    return managedByCaller;
                });
    }

    /**
     * A new user of the organization, linked to {@code providerId}, added to that provider's default
     * team when it has one (product.md §3.3), with its provisioning event: one statement (the user's
     * insert, the membership and the event as data-modifying {@code with} clauses), answering the
     * user with its groups (a new user's only team is the default one).
     */
    public Uni<UserRow> insert(UUID organizationId, UUID providerId, String role, ObjectNode doc, ProvisioningEventEntity event) {
        List<Object> values = new ArrayList<>(20);
        values.add(UUID.randomUUID());
        values.add(organizationId);
        values.add(UserDocument.matchingEmail(doc));
        values.add(UserDocument.displayName(doc));
        values.add(role);
        values.add(UserDocument.active(doc, true));
        values.add(providerId);
        values.add(json(doc));
        values.add(UserDocument.userName(doc));
        values.add(UserDocument.externalId(doc));
        String appendEvent = ProvisioningEventRepository.appendFrom(event, "w", "w.id", values);
        return NativeSql.row("""
                        with w as (
                            insert into users as u (id, organization_id, email, display_name, role, active, scim_provider_id, scim,
                                                    user_name, external_id)
                            values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10)
                            returning""" + " " + WRITTEN_COLUMNS + """
                        , true),
                        m as (
                            insert into team_members (team_id, user_id)
                            select p.default_team_id, w.id from w join scim_providers p on p.id = $7
                            where p.default_team_id is not null
                            on conflict do nothing
                            returning team_id),
                        e as (""" + appendEvent + """
                        )
                        select w.*, (select coalesce(json_agg(json_build_array(t.id::text, t.name) order by t.name, t.id), '[]'::json)::text
                                     from m join teams t on t.id = m.team_id)
                        from w""", values)
                .map(row -> written(row, doc));
    }

    /**
     * Writes the document and the columns derived from it, links the user to {@code providerId}
     * (null unlinks), bumps the version and appends {@code event} for it, in one statement.
     */
    public Uni<UserRow> write(UserRow row, ObjectNode doc, UUID providerId, boolean scimDeleted, ProvisioningEventEntity event) {
        List<Object> values = new ArrayList<>(20);
        values.add(row.id());
        values.add(row.organizationId());
        values.add(UserDocument.matchingEmail(doc));
        values.add(UserDocument.displayName(doc));
        values.add(UserDocument.active(doc, row.active()));
        values.add(providerId);
        values.add(scimDeleted);
        values.add(json(doc));
        values.add(UserDocument.userName(doc));
        values.add(UserDocument.externalId(doc));
        return NativeSql.row(ProvisioningEventRepository.writeWithEvent("""
                        update users u set email = $3, display_name = $4, active = $5, scim_provider_id = $6,
                               scim_deleted = $7, scim = $8::text::jsonb, user_name = $9, external_id = $10,
                               last_modified = now(), version = version + 1
                        where u.id = $1 and u.organization_id = $2
                        returning""" + " " + WRITTEN_COLUMNS + ", true, " + groupsColumn("$6::uuid"), event, values), values)
                .map(written -> written(written, doc));
    }

    /**
     * Links the user to the provider without touching its document (a no-op write that still claims
     * it), appending {@code event} in the same statement.
     */
    public Uni<UserRow> link(UserRow row, UUID providerId, ProvisioningEventEntity event) {
        List<Object> values = new ArrayList<>(Arrays.asList(row.id(), row.organizationId(), providerId));
        return NativeSql.row(ProvisioningEventRepository.writeWithEvent("update users u set scim_provider_id = $3,"
                        + " scim_deleted = false, last_modified = now(), version = version + 1 where u.id = $1 and u.organization_id = $2"
                        + " returning " + WRITTEN_COLUMNS + ", true, " + groupsColumn("$3::uuid"), event, values), values)
                .map(written -> written(written, row.scim()));
    }

    /** One page of the caller's users matching {@code filter} (its binds numbered from $3). */
    public Uni<List<UserRow>> search(ScimCaller caller, SqlFragment filter, String orderBy, SqlFragment keyset, int offset,
            int limit, boolean withGroups) {
        String select = "select " + COLUMNS + ", true" + (withGroups ? ", " + groupsColumn("$2") : "") + " from users u";
        return ScopedQuery.page(caller, select, scope(caller.multiScim(), filter), filter, keyset, orderBy, offset, limit,
                UserRepository::toRow);
    }

    public Uni<Long> count(ScimCaller caller, SqlFragment filter) {
        return ScopedQuery.count(caller, "users u", scope(caller.multiScim(), filter), filter);
    }

    /** The teams of these users that the caller's provider manages: the read-only {@code groups} attribute. */
    public Uni<Map<UUID, List<TeamRef>>> groupsOf(ScimCaller caller, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("""
                        select tm.user_id, t.id, t.name from team_members tm join teams t on t.id = tm.team_id
                        where tm.user_id = any($1) and t.organization_id = $2 and t.scim_provider_id = $3
                        order by t.name, t.id""", List.of(userIds.toArray(UUID[]::new), caller.organizationId(), caller.providerId()))
                .map(rows -> {
                    Map<UUID, List<TeamRef>> groups = new HashMap<>();
                    for (Object[] row : rows) {
                        groups.computeIfAbsent((UUID) row[0], id -> new ArrayList<>()).add(new TeamRef((UUID) row[1], (String) row[2]));
                    }
                    return groups;
                });
    }

    /** Display names of the organization's users with these ids (to render {@code manager.displayName}). */
    public Uni<Map<String, String>> displayNames(UUID organizationId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("select id, coalesce(display_name, scim->>'displayName') from users where organization_id = $1 and id = any($2)",
                        List.of(organizationId, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, String> names = new HashMap<>();
                    for (Object[] row : rows) {
                        if (row[1] != null) {
                            names.put(row[0].toString(), (String) row[1]);
                        }
                    }
                    return names;
                });
    }

    /**
     * The ids among {@code ids} that are users in the caller's scope (product.md §3.2, the same rule
     * as /Users): one indexed query for a whole group write.
     */
    public Uni<List<UUID>> idsInScope(ScimCaller caller, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return NativeSql.rows("select u.id from users u where u.id = any($3) and " + scope(caller.multiScim()),
                        List.of(caller.organizationId(), caller.providerId(), ids.toArray(UUID[]::new)))
                .map(rows -> rows.stream().map(row -> (UUID) row[0]).toList());
    }

    /**
     * Runs {@code ANALYZE users} when at least {@code minChanges} rows changed since the table's
     * statistics were last gathered and they are more than it then held (a table that has doubled,
     * or was never analyzed): answers whether it did. See {@link UserStatistics}.
     */
    public Uni<Boolean> analyzeIfStale(long minChanges) {
        return NativeSql.row("select s.n_mod_since_analyze >= $1 and s.n_mod_since_analyze > greatest(c.reltuples, 0)"
                        + " from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relid = 'users'::regclass",
                        List.of(minChanges))
                .flatMap(row -> row != null && Boolean.TRUE.equals(row[0])
                        ? NativeSql.execute("analyze users", List.of()).replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    // --- admin side -------------------------------------------------------------------------

    /** A product user created outside SCIM: unlinked, its SCIM view its email as work email and userName. */
    public Uni<UserEntity> create(UUID organizationId, String email, String displayName, String role) {
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID();
        user.organizationId = organizationId;
        user.email = email;
        user.displayName = displayName;
        user.role = role;
        user.active = true;
        user.scim = UserDocument.forProductUser(email, displayName, true);
        user.userName = email;
        OffsetDateTime now = Timestamps.now();
        user.createdAt = now;
        user.lastModified = now;
        user.version = 1;
        return persist(user).call(this::flush);
    }

    /** A product user as an administrator sees it: its link, status and teams. */
    public Uni<Optional<ProductUser>> findProductUser(UUID organizationId, UUID userId) {
        return NativeSql.row("select " + PRODUCT_USER_COLUMNS + " from users u where u.id = $1 and u.organization_id = $2",
                        List.of(userId, organizationId))
                .map(row -> Optional.ofNullable(row == null ? null : productUser(row)));
    }

    /**
     * {@link #findProductUser}, with the user row locked {@code for share}: an administrator adding a
     * membership holds it so that a SCIM claim of the user (which locks it {@code for no key update})
     * either finishes first, and the admin side sees the new link, or waits and then sees the new
     * membership ({@link #lockTeamsAndCheckClaimable}).
     */
    public Uni<Optional<ProductUser>> lockProductUser(UUID organizationId, UUID userId) {
        return NativeSql.row("select " + PRODUCT_USER_COLUMNS + " from users u where u.id = $1 and u.organization_id = $2"
                        + " for share of u", List.of(userId, organizationId))
                .map(row -> Optional.ofNullable(row == null ? null : productUser(row)));
    }

    /** The organization's users, by email (ignoring case and blanks) when given; oldest first, at most {@code limit}. */
    public Uni<List<ProductUser>> listProductUsers(UUID organizationId, String email, int limit) {
        String sql = "select " + PRODUCT_USER_COLUMNS + " from users u where u.organization_id = $1"
                + (email == null ? "" : " and lower(btrim(u.email)) = lower(btrim($3))") + " order by u.created_at, u.id limit $2";
        List<Object> binds = email == null ? List.of(organizationId, limit) : List.of(organizationId, limit, email);
        return NativeSql.rows(sql, binds).map(rows -> rows.stream().map(UserRepository::productUser).toList());
    }

    /**
     * A provider is deleted (product.md §3.6): its users are unlinked with their {@code active} kept
     * and their SCIM view reset to the product user's. Set-based: none of them is loaded.
     */
    public Uni<Integer> unlinkAll(UUID organizationId, UUID providerId) {
        return NativeSql.execute("update users set scim_provider_id = null, scim = " + FOR_PRODUCT_USER
                + ", user_name = email, external_id = null, last_modified = now(), version = version + 1"
                + " where scim_provider_id = $1 and organization_id = $2", List.of(providerId, organizationId));
    }

    private static final String PRODUCT_USER_COLUMNS = "u.id, u.email, u.display_name, u.role, u.active, u.scim_provider_id,"
            + " u.scim_deleted, u.created_at, (select coalesce(json_agg(tm.team_id order by tm.team_id), '[]'::json)::text"
            + " from team_members tm where tm.user_id = u.id)";

    /** A product user as the admin API shows it. */
    public record ProductUser(UUID id, String email, String displayName, String role, boolean active, UUID scimProviderId,
            boolean scimDeleted, OffsetDateTime createdAt, List<UUID> teamIds) {
    }

    private static ProductUser productUser(Object[] row) {
        List<UUID> teams = new ArrayList<>();
        for (JsonNode id : parse((String) row[8])) {
            teams.add(UUID.fromString(id.asText()));
        }
        return new ProductUser((UUID) row[0], (String) row[1], (String) row[2], (String) row[3], (Boolean) row[4],
                (UUID) row[5], (Boolean) row[6], (OffsetDateTime) row[7], teams);
    }

    public record TeamRef(UUID id, String name) {
    }

    /** A row read with {@link #WRITTEN_COLUMNS}, with the document the statement wrote. */
    private static UserRow written(Object[] row, ObjectNode doc) {
        row[8] = doc;
        return toRow(row);
    }

    static UserRow toRow(Object[] row) {
        return new UserRow(
                (UUID) row[0],
                (UUID) row[1],
                (String) row[2],
                (String) row[3],
                (String) row[4],
                (Boolean) row[5],
                (UUID) row[6],
                (Boolean) row[7],
                row[8] instanceof ObjectNode doc ? doc : (ObjectNode) parse((String) row[8]),
                (String) row[9],
                (String) row[10],
                (OffsetDateTime) row[11],
                (OffsetDateTime) row[12],
                ((Number) row[13]).longValue(),
                (Boolean) row[14],
                row.length > 15 ? teams((String) row[15]) : null);
    }

    private static List<TeamRef> teams(String json) {
        List<TeamRef> teams = new ArrayList<>();
        for (JsonNode pair : parse(json)) {
            teams.add(new TeamRef(UUID.fromString(pair.get(0).asText()), pair.get(1).asText()));
        }
        return teams;
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not JSON", e);
        }
    }

    static String json(ObjectNode doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
