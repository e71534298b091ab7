package dev.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.schema.ScimSchemas;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

/**
 * Differential test: for 1500 seeded random filters over 300 seeded random users, the rows that the
 * translated SQL selects in PostgreSQL equal the users our {@link FilterEvaluator} matches and, where
 * the semantics agree by design, the users the UnboundID SCIM 2 SDK's evaluator matches.
 *
 * <p>Deliberate differences from UnboundID (not generated for the UnboundID comparison; each has a
 * dedicated test below):
 * <ol>
 * <li>caseExact: UnboundID has no schema and compares every string ignoring case; we honour the
 * schema, so {@code id} and {@code externalId} are case-exact (entra-scim §4.4). The generator keeps
 * id/externalId values and literals lower-case.</li>
 * <li>{@code emails.value eq} ignores surrounding blanks (product.md §3.1) so that the
 * users_email_values index is usable; UnboundID compares the raw strings.</li>
 * <li>A complex multi-valued attribute compared without sub-attribute ({@code emails co "x"})
 * compares its {@code value} (RFC 7644 §3.4.2.2 example); UnboundID matches nothing.</li>
 * <li>{@code pr} is false for "" (RFC 7644: "has a non-empty value"); UnboundID treats "" as present.</li>
 * </ol>
 */
class FilterSqlDifferentialTest {
    static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER_URN;
    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID OTHER_ORG = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final int USERS = 300;
    static final int FILTERS = 1500;

    static FilterTestDatabase db;
    static final Map<String, JsonNode> documents = new LinkedHashMap<>(); // id -> full resource (with id, meta)
    static final Map<String, List<String>> pools = new LinkedHashMap<>(); // path -> values seen in the data

    static final String[] FIRST = {"Alice", "alice", "ALICE", "Bob", "bob", "Carol", "carol", "Dave", "Eve", "Mallory",
        "zoé", "Anna-Lena", "O'Neil", "Jean_Luc"};
    static final String[] LAST = {"Smith", "smith", "Jones", "JONES", "Young", "Brown", "de la Cruz", "Müller", "Ng"};
    static final String[] DOMAINS = {"contoso.com", "Contoso.com", "fabrikam.org", "example.test"};
    static final String[] TITLES = {"Engineer", "engineer", "Manager", "Sales Rep", "VP", "Engineer II"};
    static final String[] DEPARTMENTS = {"Sales", "sales", "Engineering", "HR", "R&D", "R_D", "100%"};
    static final String[] LOCALITIES = {"Paris", "paris", "Berlin", "New York", "Zurich"};
    static final String[] COUNTRIES = {"FR", "DE", "US", "CH"};
    static final String[] EMAIL_TYPES = {"work", "Work", "home", "other"};
    static final String[] PHONE_TYPES = {"work", "mobile", "home"};

    @BeforeAll
    static void start() throws Exception {
        db = new FilterTestDatabase();
        db.execute("insert into organizations (id, name) values ('" + ORG + "', 'org'), ('" + OTHER_ORG + "', 'other')");
        Random random = new Random(20261128L);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        try (PreparedStatement insert = db.connection.prepareStatement(
                "insert into users (id, organization_id, email, display_name, active, scim, user_name, external_id,"
                        + " created_at, last_modified) values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
            for (int i = 0; i < USERS; i++) {
                ObjectNode scim = user(random, i, ids);
                Instant created = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(400 * 86400));
                Instant modified = created.plusSeconds(random.nextInt(30 * 86400));
                insert.setObject(1, UUID.fromString(ids.get(i)));
                insert.setObject(2, ORG);
                insert.setString(3, "user" + i + "@example.test");
                insert.setString(4, scim.path("displayName").asText(null));
                insert.setBoolean(5, scim.get("active").booleanValue());
                insert.setString(6, JSON.writeValueAsString(scim));
                insert.setString(7, scim.get("userName").textValue());
                insert.setString(8, scim.path("externalId").asText(null));
                insert.setTimestamp(9, Timestamp.from(created));
                insert.setTimestamp(10, Timestamp.from(modified));
                insert.executeUpdate();
                ObjectNode resource = scim.deepCopy();
                resource.put("id", ids.get(i));
                ObjectNode meta = resource.putObject("meta");
                meta.put("resourceType", "User");
                meta.put("created", created.toString());
                meta.put("lastModified", modified.toString());
                documents.put(ids.get(i), resource);
                collect(resource);
            }
        }
        db.execute("analyze users");
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static ObjectNode user(Random random, int i, List<String> ids) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add(ScimSchemas.USER_URN);
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        user.put("userName", first + "." + last.replace(" ", "") + (i % 40) + "@" + pick(random, DOMAINS));
        if (random.nextInt(100) < 85) {
            user.put("displayName", first + " " + last);
        }
        if (random.nextInt(100) < 80) {
            ObjectNode name = user.putObject("name");
            name.put("givenName", first);
            if (random.nextInt(100) < 85) {
                name.put("familyName", last);
            }
        }
        if (random.nextInt(100) < 70) {
            user.put("title", pick(random, TITLES));
        }
        if (random.nextInt(100) < 70) {
            user.put("externalId", "ext-" + Integer.toHexString(random.nextInt(80)));
        }
        user.put("active", random.nextBoolean());
        int emails = random.nextInt(4);
        if (emails > 0 || random.nextBoolean()) {
            ArrayNode array = user.putArray("emails");
            for (int e = 0; e < emails; e++) {
                ObjectNode email = array.addObject();
                email.put("value", pick(random, FIRST).replace("'", "") + (random.nextInt(6)) + "@" + pick(random, DOMAINS));
                if (random.nextInt(100) < 90) {
                    email.put("type", pick(random, EMAIL_TYPES));
                }
                int primary = random.nextInt(3);
                if (primary < 2) {
                    email.put("primary", primary == 0);
                }
            }
        }
        int phones = random.nextInt(3);
        if (phones > 0) {
            ArrayNode array = user.putArray("phoneNumbers");
            for (int p = 0; p < phones; p++) {
                ObjectNode phone = array.addObject();
                phone.put("value", "+1 555 01" + random.nextInt(30));
                phone.put("type", pick(random, PHONE_TYPES));
            }
        }
        int addresses = random.nextInt(3);
        if (addresses > 0) {
            ArrayNode array = user.putArray("addresses");
            for (int a = 0; a < addresses; a++) {
                ObjectNode address = array.addObject();
                address.put("locality", pick(random, LOCALITIES));
                if (random.nextBoolean()) {
                    address.put("country", pick(random, COUNTRIES));
                }
                address.put("type", random.nextBoolean() ? "work" : "home");
            }
        }
        if (random.nextInt(100) < 80) {
            ObjectNode enterprise = user.putObject(ENTERPRISE);
            user.withArray("schemas").add(ENTERPRISE);
            enterprise.put("department", pick(random, DEPARTMENTS));
            if (random.nextBoolean()) {
                enterprise.put("employeeNumber", "E" + (100 + random.nextInt(50)));
            }
            if (random.nextBoolean()) {
                enterprise.putObject("manager").put("value", ids.get(random.nextInt(ids.size())));
            }
        }
        return user;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Records every leaf value under its path (emails.value, urn:…:department, …) for filter literals. */
    private static void collect(JsonNode resource) {
        resource.fields().forEachRemaining(field -> collect(field.getKey(), field.getValue()));
    }

    private static void collect(String path, JsonNode node) {
        if (node.isArray()) {
            node.forEach(element -> collect(path, element));
        } else if (node.isObject()) {
            String prefix = path.startsWith("urn:") && !path.contains("manager") ? path + ":" : path + ".";
            node.fields().forEachRemaining(field -> collect(prefix + field.getKey(), field.getValue()));
        } else if (node.isTextual()) {
            pools.computeIfAbsent(path, key -> new ArrayList<>()).add(node.textValue());
        }
    }

    // ---- filter generation

    /** One generated filter: its text and whether the UnboundID SDK is expected to agree. */
    record Generated(String text, boolean unboundIdComparable) {
    }

    static final class Generator {
        final Random random;
        boolean comparable = true;

        Generator(long seed) {
            this.random = new Random(seed);
        }

        Generated next() {
            comparable = true;
            String text = filter(random.nextInt(3));
            return new Generated(text, comparable);
        }

        String filter(int depth) {
            int choice = depth == 0 ? random.nextInt(10) : random.nextInt(14);
            if (choice < 7) {
                return leaf();
            }
            if (choice < 9) {
                return valuePath();
            }
            if (choice == 9) {
                return "not (" + filter(depth > 0 ? depth - 1 : 0) + ")";
            }
            String op = random.nextBoolean() ? " and " : " or ";
            String left = filter(depth - 1);
            String right = filter(depth - 1);
            return random.nextBoolean() ? "(" + left + op + right + ")" : left + op + right;
        }

        String leaf() {
            switch (random.nextInt(22)) {
                case 0, 1: return stringLeaf("userName", false);
                case 2: return stringLeaf("displayName", false);
                case 3: return stringLeaf("title", false);
                case 4: return stringLeaf("name.givenName", false);
                case 5: return stringLeaf("name.familyName", false);
                case 6: return stringLeaf("externalId", true);
                case 7: return idLeaf();
                case 8: return booleanLeaf("active");
                case 9: return dateLeaf("meta.created");
                case 10: return dateLeaf("meta.lastModified");
                case 11, 12: return stringLeaf("emails.value", false);
                case 13: return stringLeaf("emails.type", false);
                case 14: return booleanLeaf("emails.primary");
                case 15: return stringLeaf("phoneNumbers.value", false);
                case 16: return stringLeaf("addresses.locality", false);
                case 17: return stringLeaf("addresses.country", false);
                case 18: return stringLeaf(ENTERPRISE + ":department", false);
                case 19: return stringLeaf(ENTERPRISE + ":employeeNumber", false);
                case 20: return stringLeaf(ENTERPRISE + ":manager.value", true);
                default:
                    if (random.nextInt(4) == 0) {
                        comparable = false; // difference 3: UnboundID does not read "emails" as "emails.value"
                        List<String> emailValues = pool("emails.value");
                        return "emails eq " + quote(caseVariant(emailValues.get(random.nextInt(emailValues.size()))));
                    }
                    return nullLeaf();
            }
        }

        String valuePath() {
            switch (random.nextInt(4)) {
                case 0, 1: return "emails[" + elementFilter("emails", new String[] {"value", "type", "primary"}, 2) + "]";
                case 2: return "phoneNumbers[" + elementFilter("phoneNumbers", new String[] {"value", "type"}, 1) + "]";
                default: return "addresses[" + elementFilter("addresses", new String[] {"locality", "country", "type"}, 1) + "]";
            }
        }

        String elementFilter(String attribute, String[] subs, int depth) {
            int choice = depth == 0 ? 0 : random.nextInt(6);
            if (choice < 3) {
                String sub = subs[random.nextInt(subs.length)];
                String full = attribute + "." + sub;
                String leaf = sub.equals("primary") ? booleanLeaf(full) : stringLeaf(full, false);
                return leaf.substring(attribute.length() + 1);
            }
            if (choice == 3) {
                return "not (" + elementFilter(attribute, subs, depth - 1) + ")";
            }
            String op = choice == 4 ? " and " : " or ";
            return elementFilter(attribute, subs, depth - 1) + op + elementFilter(attribute, subs, depth - 1);
        }

        String stringLeaf(String path, boolean caseExact) {
            List<String> values = pool(path);
            String value = values.isEmpty() || random.nextInt(10) == 0 ? "nomatch" : values.get(random.nextInt(values.size()));
            if (!caseExact) {
                value = caseVariant(value);
            }
            String[] ops = {"eq", "eq", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"};
            String op = ops[random.nextInt(ops.length)];
            switch (op) {
                case "pr":
                    return path + " pr";
                case "co":
                    value = slice(value, true, true);
                    break;
                case "sw":
                    value = slice(value, false, true);
                    break;
                case "ew":
                    value = slice(value, true, false);
                    break;
                default:
                    break;
            }
            return path + " " + op + " " + quote(value);
        }

        String idLeaf() {
            List<String> ids = new ArrayList<>(documents.keySet());
            String id = ids.get(random.nextInt(ids.size()));
            return switch (random.nextInt(6)) {
                case 0 -> "id ne " + quote(id);
                case 1 -> "id eq \"not-a-uuid\"";
                case 2 -> "id sw " + quote(id.substring(0, 1));
                case 3 -> "id gt " + quote(id);
                default -> "id eq " + quote(id);
            };
        }

        String booleanLeaf(String path) {
            return switch (random.nextInt(4)) {
                case 0 -> path + " pr";
                case 1 -> path + " ne " + random.nextBoolean();
                default -> path + " eq " + random.nextBoolean();
            };
        }

        String dateLeaf(String path) {
            String[] ops = {"eq", "ne", "gt", "ge", "lt", "le", "pr"};
            String op = ops[random.nextInt(ops.length)];
            if (op.equals("pr")) {
                return path + " pr";
            }
            Instant instant;
            List<String> seen = pool(path);
            if (random.nextBoolean()) {
                instant = Instant.parse(seen.get(random.nextInt(seen.size())));
            } else {
                instant = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(430 * 86400));
            }
            OffsetDateTime written = instant.atOffset(random.nextBoolean() ? ZoneOffset.UTC : ZoneOffset.ofHours(2));
            String text = random.nextBoolean() ? written.toString() : written.truncatedTo(ChronoUnit.SECONDS)
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return path + " " + op + " " + quote(text);
        }

        String nullLeaf() {
            String[] paths = {"displayName", "title", "externalId", "name.familyName", ENTERPRISE + ":department"};
            return paths[random.nextInt(paths.length)] + (random.nextBoolean() ? " eq null" : " ne null");
        }

        List<String> pool(String path) {
            return pools.getOrDefault(path, List.of());
        }

        String caseVariant(String value) {
            return switch (random.nextInt(4)) {
                case 0 -> value.toUpperCase(Locale.ROOT).replace("É", "é").replace("Ü", "ü");
                case 1 -> value.toLowerCase(Locale.ROOT);
                default -> value;
            };
        }

        String slice(String value, boolean trimStart, boolean trimEnd) {
            if (value.length() < 2) {
                return value;
            }
            int start = trimStart ? random.nextInt(value.length() / 2) : 0;
            int end = trimEnd ? value.length() - random.nextInt(value.length() / 2) : value.length();
            return value.substring(start, Math.max(start, end));
        }
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder();
        FilterPrinter.quote(value, out);
        return out.toString();
    }

    // ---- evaluation

    static Set<String> sqlMatches(Filter filter) throws Exception {
        SqlFragment fragment = FilterSqlTranslator.translate(filter, SqlMapping.USERS, 2);
        List<Object> binds = new ArrayList<>();
        binds.add(ORG);
        binds.addAll(fragment.binds());
        return new TreeSet<>(db.query("select u.id from users u where u.organization_id = $1 and " + fragment.sql(), binds));
    }

    static Set<String> ourMatches(Filter filter) {
        Set<String> ids = new TreeSet<>();
        documents.forEach((id, document) -> {
            if (FilterEvaluator.matches(filter, document, ScimSchemas.USER_TYPE)) {
                ids.add(id);
            }
        });
        return ids;
    }

    static Set<String> unboundIdMatches(String text) throws Exception {
        com.unboundid.scim2.common.filters.Filter filter = com.unboundid.scim2.common.filters.Filter.fromString(text);
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : documents.entrySet()) {
            if (com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(filter, entry.getValue())) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    @Test
    void sqlOurEvaluatorAndUnboundIdAgreeOnGeneratedFilters() throws Exception {
        Generator generator = new Generator(7L);
        List<String> failures = new ArrayList<>();
        int selective = 0;
        int compared = 0;
        Set<String> distinct = new TreeSet<>();
        while (distinct.size() < FILTERS) {
            Generated generated = generator.next();
            if (!distinct.add(generated.text())) {
                continue;
            }
            Filter filter = FilterParser.parse(generated.text());
            String canonical = FilterPrinter.print(filter);
            Set<String> ours = ourMatches(filter);
            Set<String> sql;
            try {
                sql = sqlMatches(filter);
            } catch (Exception e) {
                failures.add(generated.text() + "\n   SQL error: " + e.getMessage());
                continue;
            }
            if (!sql.equals(ours)) {
                failures.add(generated.text() + "\n   sql-only " + minus(sql, ours) + " evaluator-only " + minus(ours, sql));
            }
            if (generated.unboundIdComparable()) {
                compared++;
                Set<String> theirs = unboundIdMatches(canonical);
                if (!theirs.equals(ours)) {
                    failures.add(generated.text() + "\n   unboundid-only " + minus(theirs, ours) + " ours-only "
                            + minus(ours, theirs));
                }
            }
            if (!ours.isEmpty() && ours.size() < documents.size()) {
                selective++;
            }
        }
        System.out.printf("differential: %d filters, %d also compared with UnboundID, %d selective%n",
                distinct.size(), compared, selective);
        assertThat(failures).as(failures.size() + " disagreements, first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(15, failures.size())))).isEmpty();
        // the generator must produce filters that discriminate, else the comparison proves little
        assertThat(selective).isGreaterThan(FILTERS / 2);
        assertThat(compared).isGreaterThan(FILTERS * 8 / 10);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result.size() > 3 ? Set.of(result.size() + " ids, e.g. " + result.iterator().next()) : result;
    }

    /** Entra's lookups, spelled the ways Entra and admins write them, find exactly the expected user. */
    @Test
    void entraLookupsFindTheUser() throws Exception {
        Map.Entry<String, JsonNode> withWorkEmail = documents.entrySet().stream()
                .filter(entry -> entry.getValue().path("emails").size() > 0
                        && entry.getValue().path("emails").get(0).path("type").asText("").equalsIgnoreCase("work"))
                .findFirst().orElseThrow();
        String id = withWorkEmail.getKey();
        JsonNode user = withWorkEmail.getValue();
        String email = user.path("emails").get(0).path("value").textValue();
        List<String> filters = List.of(
                "emails[type eq \"work\"].value eq " + quote(email.toUpperCase(Locale.ROOT)),
                "emails[type eq \"work\" and value eq " + quote(email) + "]",
                "emails.value eq " + quote(" " + email + " "),
                "id eq " + quote(id),
                "userName eq " + quote(user.get("userName").textValue().toLowerCase(Locale.ROOT)),
                "urn:ietf:params:scim:schemas:core:2.0:User:userName eq " + quote(user.get("userName").textValue()));
        for (String text : filters) {
            Filter filter = FilterParser.parse(text);
            assertThat(sqlMatches(filter)).as(text).contains(id).isEqualTo(ourMatches(filter));
        }
    }

    /** Difference 1: externalId and id are caseExact here, not in UnboundID (which has no schema). */
    @Test
    void externalIdIsCaseExactUnlikeUnboundId() throws Exception {
        Map.Entry<String, JsonNode> withExternalId = documents.entrySet().stream()
                .filter(entry -> entry.getValue().has("externalId")).findFirst().orElseThrow();
        String upper = withExternalId.getValue().get("externalId").textValue().toUpperCase(Locale.ROOT);
        String text = "externalId eq " + quote(upper);
        Filter filter = FilterParser.parse(text);
        assertThat(sqlMatches(filter)).isEmpty();
        assertThat(ourMatches(filter)).isEmpty();
        assertThat(unboundIdMatches(text)).contains(withExternalId.getKey());
        String id = withExternalId.getKey().toUpperCase(Locale.ROOT);
        assertThat(sqlMatches(FilterParser.parse("id eq " + quote(id)))).isEmpty();
    }

    /** Differences 2 and 4 in a dedicated tenant: blank-trimmed email equality, and "" is not present. */
    @Test
    void emailEqualityIgnoresBlanksAndEmptyStringsAreNotPresent() throws Exception {
        UUID id = UUID.fromString("00000000-0000-0000-0000-0000000000ff");
        ObjectNode scim = (ObjectNode) JSON.readTree("""
                {"userName": "blank@x.test", "title": "", "active": true,
                 "emails": [{"value": "  Spaced@Example.TEST ", "type": "work"}]}""");
        db.execute("insert into users (id, organization_id, email, scim, user_name) values ('" + id + "', '" + OTHER_ORG
                + "', 'spaced@example.test', '" + JSON.writeValueAsString(scim) + "'::jsonb, 'blank@x.test')");
        ObjectNode resource = scim.deepCopy().put("id", id.toString());
        String emailFilter = "emails[type eq \"work\"].value eq \"spaced@example.test\"";
        SqlFragment fragment = FilterSqlTranslator.translate(FilterParser.parse(emailFilter), SqlMapping.USERS, 2);
        List<Object> binds = new ArrayList<>(List.of(OTHER_ORG));
        binds.addAll(fragment.binds());
        assertThat(db.query("select u.id::text from users u where u.organization_id = $1 and " + fragment.sql(), binds))
                .containsExactly(id.toString());
        assertThat(FilterEvaluator.matches(FilterParser.parse(emailFilter), resource, ScimSchemas.USER_TYPE)).isTrue();
        assertThat(com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(
                com.unboundid.scim2.common.filters.Filter.fromString("emails[type eq \"work\" and value eq \"spaced@example.test\"]"),
                resource)).isFalse();

        fragment = FilterSqlTranslator.translate(FilterParser.parse("title pr"), SqlMapping.USERS, 2);
        binds = new ArrayList<>(List.of(OTHER_ORG));
        binds.addAll(fragment.binds());
        assertThat(db.query("select u.id::text from users u where u.organization_id = $1 and " + fragment.sql(), binds)).isEmpty();
        assertThat(FilterEvaluator.matches(FilterParser.parse("title pr"), resource, ScimSchemas.USER_TYPE)).isFalse();
        assertThat(com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(
                com.unboundid.scim2.common.filters.Filter.fromString("title pr"), resource)).isTrue();
    }

    /** Difference 3: "emails co x" compares emails.value here; UnboundID matches nothing. */
    @Test
    void complexAttributeWithoutSubAttributeComparesValue() throws Exception {
        String text = "emails co \"@\"";
        Filter filter = FilterParser.parse(text);
        Set<String> withEmails = ourMatches(FilterParser.parse("emails.value pr"));
        assertThat(ourMatches(filter)).isEqualTo(withEmails).isNotEmpty();
        assertThat(sqlMatches(filter)).isEqualTo(withEmails);
        assertThat(unboundIdMatches(text)).isEmpty();
    }

    /** Malformed stored data (wrong JSON types) never makes the SQL throw; it just does not match. */
    @Test
    void malformedDocumentsDoNotBreakQueries() throws Exception {
        UUID id = UUID.fromString("00000000-0000-0000-0000-0000000000fe");
        db.execute("insert into users (id, organization_id, email, scim, user_name) values ('" + id + "', '" + OTHER_ORG
                + "', 'odd@example.test', '{\"emails\": {\"value\": \"x\"}, \"phoneNumbers\": [\"+1\", 5, null],"
                + " \"name\": \"not an object\", \"displayName\": 42, \"active\": \"yes\","
                + " \"addresses\": [{\"primary\": \"true\"}]}'::jsonb, 'odd')");
        for (String text : List.of("emails.value eq \"x\"", "phoneNumbers.value eq \"+1\"", "phoneNumbers pr",
                "name.givenName eq \"x\"", "displayName eq \"42\"", "displayName gt \"1\"",
                "addresses[primary eq true]", "emails[type eq \"work\"].value eq \"x\"", "not (name.familyName co \"n\")")) {
            SqlFragment fragment = FilterSqlTranslator.translate(FilterParser.parse(text), SqlMapping.USERS, 2);
            List<Object> binds = new ArrayList<>(List.of(OTHER_ORG));
            binds.addAll(fragment.binds());
            List<String> rows = db.query("select u.id::text from users u where u.organization_id = $1 and u.id = '"
                    + id + "' and " + fragment.sql(), binds);
            boolean expected = text.startsWith("not") || text.equals("phoneNumbers pr");
            assertThat(rows.isEmpty()).as(text).isEqualTo(!expected);
        }
    }


    /** Every supported sortBy runs in PostgreSQL; emails sorts by the primary email, else the first. */
    @Test
    void sortExpressionsRunAndPickThePrimaryEmail() throws Exception {
        FilterSqlTranslator translator = new FilterSqlTranslator(SqlMapping.USERS, 2);
        for (String sortBy : List.of("userName", "displayName", "name.familyName", "name.givenName", "emails.value",
                "emails", "externalId", "id", "meta.created", "meta.lastModified")) {
            String expression = translator.sortExpression(FilterParser.parseAttributePath(sortBy)).sql();
            List<String> keys = db.query("select (" + expression + ")::text from users u where u.organization_id = $1"
                    + " order by " + expression + ", u.id", List.of(ORG));
            assertThat(keys).as(sortBy).hasSize(USERS);
            if (sortBy.startsWith("emails")) {
                List<String> expected = new ArrayList<>();
                for (JsonNode user : documents.values()) {
                    JsonNode emails = user.path("emails");
                    JsonNode chosen = null;
                    for (JsonNode email : emails) {
                        if (email.path("primary").asBoolean(false)) {
                            chosen = email;
                            break;
                        }
                    }
                    if (chosen == null && emails.size() > 0) {
                        chosen = emails.get(0);
                    }
                    expected.add(chosen == null ? null : chosen.get("value").textValue().toLowerCase(Locale.ROOT));
                }
                assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }
}
