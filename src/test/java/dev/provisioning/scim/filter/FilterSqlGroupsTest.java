package dev.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.message.ScimType;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relational parts of the mapping — Group {@code members} (team_members), User {@code groups}
 * (the user's teams), group {@code displayName} in {@code t.name} — against {@link FilterEvaluator}
 * on the documents the service would render. 40 users, 15 teams, seeded memberships, 600 generated
 * filters per resource type.
 */
class FilterSqlGroupsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    static FilterTestDatabase db;
    static final Map<String, ObjectNode> users = new LinkedHashMap<>();
    static final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    static final String[] NAMES = {"Alice", "bob", "Carol", "DAVE", "Eve"};
    static final String[] TEAMS = {"Recruiters", "recruiters – EMEA", "Sales", "SALES EU", "R&D", "100% Ops"};

    @BeforeAll
    static void load() throws Exception {
        db = new FilterTestDatabase();
        db.execute("insert into organizations (id, name) values ('" + ORG + "', 'org')");
        Random random = new Random(99L);
        try (PreparedStatement insert = db.connection.prepareStatement(
                "insert into users (id, organization_id, email, scim, user_name) values (?, ?, ?, ?::jsonb, ?)")) {
            for (int i = 0; i < 40; i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                ObjectNode scim = JSON.createObjectNode();
                scim.put("userName", "user" + i);
                scim.put("active", true);
                if (random.nextInt(10) < 8) {
                    scim.put("displayName", NAMES[random.nextInt(NAMES.length)] + " " + i % 7);
                }
                insert.setObject(1, UUID.fromString(id));
                insert.setObject(2, ORG);
                insert.setString(3, "u" + i + "@x.test");
                insert.setString(4, JSON.writeValueAsString(scim));
                insert.setString(5, "user" + i);
                insert.executeUpdate();
                users.put(id, scim.deepCopy().put("id", id));
            }
        }
        List<String> userIds = new ArrayList<>(users.keySet());
        try (PreparedStatement team = db.connection.prepareStatement(
                "insert into teams (id, organization_id, name, external_id, created_at, last_modified) values (?, ?, ?, ?, ?, ?)");
             PreparedStatement member = db.connection.prepareStatement("insert into team_members (team_id, user_id) values (?, ?)")) {
            for (int t = 0; t < 15; t++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                String name = TEAMS[random.nextInt(TEAMS.length)] + (t < TEAMS.length ? "" : " " + t);
                String externalId = random.nextBoolean() ? "grp-" + t : null;
                Instant created = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * t);
                team.setObject(1, UUID.fromString(id));
                team.setObject(2, ORG);
                team.setString(3, name);
                team.setString(4, externalId);
                team.setTimestamp(5, Timestamp.from(created));
                team.setTimestamp(6, Timestamp.from(created.plusSeconds(60)));
                team.executeUpdate();
                ObjectNode group = JSON.createObjectNode().put("id", id).put("displayName", name);
                if (externalId != null) {
                    group.put("externalId", externalId);
                }
                group.putObject("meta").put("resourceType", "Group").put("created", created.toString())
                        .put("lastModified", created.plusSeconds(60).toString());
                ArrayNode members = group.putArray("members");
                int count = t % 5 == 0 ? 0 : random.nextInt(6);
                Set<String> chosen = new TreeSet<>();
                while (chosen.size() < count) {
                    chosen.add(userIds.get(random.nextInt(userIds.size())));
                }
                for (String userId : chosen) {
                    member.setObject(1, UUID.fromString(id));
                    member.setObject(2, UUID.fromString(userId));
                    member.executeUpdate();
                    ObjectNode element = members.addObject().put("value", userId).put("type", "User");
                    JsonNode displayName = users.get(userId).get("displayName");
                    if (displayName != null) {
                        element.put("display", displayName.textValue());
                    }
                    users.get(userId).withArray("groups").addObject().put("value", id).put("display", name);
                }
                groups.put(id, group);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static Set<String> sql(String filter, SqlMapping mapping) throws Exception {
        SqlFragment fragment = FilterSqlTranslator.translate(FilterParser.parse(filter), mapping, 2);
        String table = mapping == SqlMapping.USERS ? "users u" : "teams t";
        List<Object> binds = new ArrayList<>(List.of(ORG));
        binds.addAll(fragment.binds());
        return new TreeSet<>(db.query("select " + mapping.alias() + ".id from " + table + " where "
                + mapping.alias() + ".organization_id = $1 and " + fragment.sql(), binds));
    }

    private static Set<String> evaluated(String filter, Map<String, ObjectNode> documents, ResourceTypeDefinition type) {
        Filter parsed = FilterParser.parse(filter);
        Set<String> ids = new TreeSet<>();
        documents.forEach((id, document) -> {
            if (FilterEvaluator.matches(parsed, document, type)) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Test
    void groupFiltersAgreeWithTheEvaluator() throws Exception {
        Random random = new Random(5L);
        List<String> userIds = new ArrayList<>(users.keySet());
        List<String> groupIds = new ArrayList<>(groups.keySet());
        List<String> failures = new ArrayList<>();
        int selective = 0;
        for (int i = 0; i < 600; i++) {
            String filter = groupFilter(random, userIds, groupIds, 2);
            Set<String> expected = evaluated(filter, groups, ScimSchemas.GROUP_TYPE);
            Set<String> actual = sql(filter, SqlMapping.GROUPS);
            if (!expected.equals(actual)) {
                failures.add(filter + " sql=" + actual.size() + " evaluator=" + expected.size());
            }
            if (!expected.isEmpty() && expected.size() < groups.size()) {
                selective++;
            }
        }
        assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
        assertThat(selective).isGreaterThan(200);
    }

    @Test
    void userGroupsFiltersAgreeWithTheEvaluator() throws Exception {
        Random random = new Random(6L);
        List<String> groupIds = new ArrayList<>(groups.keySet());
        List<String> failures = new ArrayList<>();
        int selective = 0;
        for (int i = 0; i < 600; i++) {
            String filter = userFilter(random, groupIds, 2);
            Set<String> expected = evaluated(filter, users, ScimSchemas.USER_TYPE);
            Set<String> actual = sql(filter, SqlMapping.USERS);
            if (!expected.equals(actual)) {
                failures.add(filter + " sql=" + actual.size() + " evaluator=" + expected.size());
            }
            if (!expected.isEmpty() && expected.size() < users.size()) {
                selective++;
            }
        }
        assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
        assertThat(selective).isGreaterThan(200);
    }

    private static String groupFilter(Random random, List<String> userIds, List<String> groupIds, int depth) {
        int choice = random.nextInt(depth == 0 ? 12 : 15);
        String someUser = userIds.get(random.nextInt(userIds.size()));
        String someGroup = groupIds.get(random.nextInt(groupIds.size()));
        String team = TEAMS[random.nextInt(TEAMS.length)];
        String[] ops = {"eq", "ne", "co", "sw", "ew", "gt", "le"};
        return switch (choice) {
            case 0 -> "displayName " + ops[random.nextInt(ops.length)] + " " + quote(variant(random, team.substring(0, 1 + random.nextInt(team.length() - 1))));
            case 1 -> "displayName eq " + quote(variant(random, team));
            case 2 -> "members eq " + quote(someUser);
            case 3 -> "members[value eq " + quote(someUser) + "]";
            case 4 -> "members.value ne " + quote(someUser);
            case 5 -> "members.display " + ops[random.nextInt(ops.length)] + " " + quote(variant(random, NAMES[random.nextInt(NAMES.length)]));
            case 6 -> random.nextBoolean() ? "members pr" : "members.type eq \"user\"";
            case 7 -> "id eq " + quote(random.nextBoolean() ? someGroup : "nope");
            case 8 -> "externalId " + (random.nextBoolean() ? "eq " : "sw ") + quote("grp-" + random.nextInt(15));
            case 9 -> "meta.created " + ops[5 + random.nextInt(2)] + " \"2026-01-01T05:00:00Z\"";
            case 10 -> "members[display co " + quote(NAMES[random.nextInt(NAMES.length)].toLowerCase(Locale.ROOT)) + " and value ne " + quote(someUser) + "]";
            case 11 -> "externalId " + (random.nextBoolean() ? "pr" : "eq null");
            case 12 -> "not (" + groupFilter(random, userIds, groupIds, depth - 1) + ")";
            case 13 -> groupFilter(random, userIds, groupIds, depth - 1) + " and " + groupFilter(random, userIds, groupIds, depth - 1);
            default -> groupFilter(random, userIds, groupIds, depth - 1) + " or " + groupFilter(random, userIds, groupIds, depth - 1);
        };
    }

    private static String userFilter(Random random, List<String> groupIds, int depth) {
        int choice = random.nextInt(depth == 0 ? 6 : 9);
        String someGroup = groupIds.get(random.nextInt(groupIds.size()));
        String team = TEAMS[random.nextInt(TEAMS.length)];
        return switch (choice) {
            case 0 -> "groups eq " + quote(random.nextBoolean() ? someGroup : someGroup.toUpperCase(Locale.ROOT));
            case 1 -> "groups.value ne " + quote(someGroup);
            case 2 -> "groups.display " + (random.nextBoolean() ? "eq " : "co ") + quote(variant(random, team));
            case 3 -> "groups[display sw " + quote(variant(random, team.substring(0, 2))) + " and not (value eq " + quote(someGroup) + ")]";
            case 4 -> random.nextBoolean() ? "groups pr" : "groups.display pr";
            case 5 -> "displayName co " + quote(variant(random, NAMES[random.nextInt(NAMES.length)]));
            case 6 -> "not (" + userFilter(random, groupIds, depth - 1) + ")";
            case 7 -> userFilter(random, groupIds, depth - 1) + " and " + userFilter(random, groupIds, depth - 1);
            default -> userFilter(random, groupIds, depth - 1) + " or " + userFilter(random, groupIds, depth - 1);
        };
    }

    private static String variant(Random random, String value) {
        return random.nextBoolean() ? value.toUpperCase(Locale.ROOT) : value;
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder();
        FilterPrinter.quote(value, out);
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"groups.type eq \"direct\"", "groups.$ref pr", "members.$ref eq \"x\"",
        "meta.location eq \"x\"", "meta.version eq \"x\""})
    void unmappedAttributesAreNotFilterable(String filter) {
        SqlMapping mapping = filter.startsWith("members") ? SqlMapping.GROUPS : SqlMapping.USERS;
        assertThatThrownBy(() -> FilterSqlTranslator.translate(FilterParser.parse(filter), mapping, 1))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimType.INVALID_FILTER);
                    assertThat(e.detail()).contains("not filterable");
                });
    }
}
