package dev.provisioning.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.RawHttp;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated Entra requests against the running service (product.md §9): real request
 * bodies from the test fixtures (Entra's and Okta's POSTs and PATCHes, the PATCH fixture files,
 * list filters, {@code .search}, Bulk) are mutated in their JSON structure, types, strings (any
 * Unicode, lone surrogates and U+0000 included), bytes (invalid UTF-8, truncation), URL paths,
 * filters and headers, and sent by tenant A while tenant B holds users and a team. Properties of
 * every answer: never a 5xx nor a dropped connection; every error under {@code /scim} is an
 * RFC 7644 §3.12 body with a matching string {@code status} and no stack trace (but for the empty
 * 400 the HTTP server gives a target that is not a URI, before the service sees it); no answer carries
 * an id, email or externalId of tenant B that the request did not itself contain. After the run,
 * tenant B's stored users and team are exactly as seeded, and no team has a member of another
 * organization.
 *
 * <p>jqwik generates the cases (and shrinks a failing one), driven from inside a {@code @QuarkusTest}
 * because jqwik's own engine cannot start Quarkus. {@code -Dhostile.tries=N} and
 * {@code -Dhostile.seed=S} reproduce or widen a run; a failure names its seed and its shrunk request.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HostileRequestPropertyTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Pattern STACK_TRACE = Pattern.compile("\\bat [a-z]+(\\.[a-zA-Z_$]+)+\\(|\\.java:\\d+\\)|Exception:|\\bCaused by\\b");
    private static final int TRIES = Integer.getInteger("hostile.tries", 300);
    private static final byte[][] INVALID_UTF8 = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xE9}};

    /** One HTTP request; {@code body} null for none. */
    record Attempt(String method, String target, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + target + " " + headers.keySet() + "\n" + (shown.length() > 2000 ? shown.substring(0, 2000) + "…" : shown);
        }
    }

    /** A request before mutation: its JSON body as a tree, so mutations can work on structure. */
    record Template(String method, String target, JsonNode body) {
    }

    enum Kind { REPLACE_VALUE, REMOVE_MEMBER, RENAME_KEY, DUPLICATE_KEY, STRANGE_STRING, OTHER_TENANT_ID, INVALID_UTF8, TRUNCATE,
        PATH, FILTER, QUERY_PARAMETER, HEADER, METHOD, ESCAPE_NON_ASCII }

    /** One mutation: what to do, where (an index taken modulo what there is), and with which text or number. */
    record Mutation(Kind kind, int where, String text, int number) {
    }

    record Case(Template template, List<Mutation> mutations) {
    }

    /** Tenant B's identifying values: none may reach tenant A unless A's request named it itself. */
    private final List<String> secretsOfB = new ArrayList<>();
    private final List<String> idsOfA = new ArrayList<>();
    /** B's values that tenant A's requests have contained so far: echoing them (or A's copy of them) is no leak. */
    private final java.util.Set<String> toldByA = new java.util.HashSet<>();
    private final List<String> idsOfB = new ArrayList<>();
    /** How many answers had each status: the run must have reached the resources, not only the filters. */
    private final java.util.SortedMap<Integer, Integer> statuses = new java.util.TreeMap<>();
    private final java.util.concurrent.atomic.AtomicInteger creates = new java.util.concurrent.atomic.AtomicInteger();
    private TestData.Tenant tenantA;
    private TestData.Tenant tenantB;

    @Test
    void mutatedEntraRequestsNeverGet5xxOrSeeAnotherTenant() throws IOException {
        TestData data = new TestData();
        tenantA = data.tenant("Hostile A " + UUID.randomUUID(), false);
        tenantB = data.tenant("Hostile B " + UUID.randomUUID(), false);
        seed(data);
        String before = snapshotOfB(data);
        List<Template> templates = templates();
        long seed = Long.getLong("hostile.seed", new Random().nextLong());
        Arbitrary<Case> cases = cases(templates);
        JqwikSession.start();
        try {
            RandomGenerator<Case> generator = cases.generator(1000, true);
            Random random = new Random(seed);
            for (int i = 0; i < TRIES; i++) {
                Shrinkable<Case> generated = generator.next(random);
                String violation = violation(generated.value());
                if (violation != null) {
                    Shrinkable<Case> smallest = shrink(generated);
                    Attempt shown = attempt(smallest.value());
                    throw new AssertionError("Try " + i + " of seed " + seed + " (-Dhostile.seed=" + seed + "): " + violation(smallest.value())
                            + "\nshrunk request: " + shown + "\nmutations: " + smallest.value().mutations()
                            + "\noriginal failure: " + violation);
                }
            }
        } finally {
            JqwikSession.finish();
        }
        System.out.println("HostileRequestPropertyTest seed " + seed + ", " + TRIES + " tries, statuses " + statuses);
        assertThat(statuses.keySet()).as("statuses answered").contains(200, 201, 400, 404);
        assertThat(statuses.headMap(300).values().stream().mapToInt(Integer::intValue).sum()).as("2xx answers").isGreaterThan(TRIES / 10);
        assertThat(snapshotOfB(data)).as("tenant B's stored state after the run").isEqualTo(before);
        assertThat(data.count("""
                select count(*) from team_members m join teams t on t.id = m.team_id join users u on u.id = m.user_id
                where t.organization_id <> u.organization_id""")).isZero();
    }

    /** A greedy walk down jqwik's shrink candidates, keeping any that still fails; bounded so a failure reports quickly. */
    private Shrinkable<Case> shrink(Shrinkable<Case> failing) throws IOException {
        Shrinkable<Case> current = failing;
        int budget = 150;
        boolean smaller = true;
        while (smaller && budget > 0) {
            smaller = false;
            for (Iterator<Shrinkable<Case>> candidates = current.shrink().iterator(); candidates.hasNext() && budget > 0; budget--) {
                Shrinkable<Case> candidate = candidates.next();
                if (violation(candidate.value()) != null) {
                    current = candidate;
                    smaller = true;
                    break;
                }
            }
        }
        return current;
    }

    // --- the properties ----------------------------------------------------------------------

    /** What is wrong with the service's answer to this case, or null when nothing is. */
    private String violation(Case generated) throws IOException {
        Attempt attempt = attempt(generated);
        RawHttp.Response response;
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            response = http.exchange(attempt.method(), attempt.target(), attempt.headers(), attempt.body());
        } catch (IOException dropped) {
            return "no answer (" + dropped + ")";
        }
        statuses.merge(response.status(), 1, Integer::sum);
        if (response.status() >= 500) {
            return "answered " + response.status() + ": " + response.body();
        }
        if (STACK_TRACE.matcher(response.body()).find()) {
            return "a stack trace in the body: " + response.body();
        }
        String sent = (attempt.target() + " " + decoded(attempt.target()) + " " + attempt.headers() + " "
                + (attempt.body() == null ? "" : new String(attempt.body(), StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
        String answered = (response.headers() + " " + response.body()).toLowerCase(Locale.ROOT);
        // what tenant A ever sent (e.g. a B id stored as A's own familyName) is A's to see again
        secretsOfB.stream().filter(sent::contains).forEach(toldByA::add);
        for (String secret : secretsOfB) {
            if (answered.contains(secret) && !toldByA.contains(secret)) {
                return "tenant B's '" + secret + "' in an answer to tenant A (" + response.status() + "): " + response.body();
            }
        }
        if (response.status() == 400 && response.body().isEmpty() && !isUri(attempt.target())) {
            return null;  // refused by the HTTP server before the service (README "Hostile input")
        }
        if (response.status() >= 400) {
            return errorBodyProblem(response);
        }
        return null;
    }

    private static boolean isUri(String target) {
        try {
            new java.net.URI(target);
            return true;
        } catch (java.net.URISyntaxException malformed) {
            return false;
        }
    }

    private static String decoded(String target) {
        try {
            return java.net.URLDecoder.decode(target, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return target;
        }
    }

    private static String errorBodyProblem(RawHttp.Response response) {
        String type = response.headers().getOrDefault("content-type", "");
        if (!type.startsWith("application/scim+json")) {
            return "a " + response.status() + " with Content-Type '" + type + "': " + response.body();
        }
        try {
            JsonNode error = PLAIN.readTree(response.body());
            if (!error.path("schemas").isArray() || !ERROR.equals(error.path("schemas").path(0).asText())
                    || !error.path("status").isTextual() || !error.path("status").asText().equals(Integer.toString(response.status()))) {
                return "a " + response.status() + " that is not an RFC 7644 §3.12 error: " + response.body();
            }
            if (error.path("detail").asText().length() > 1100) {
                return "an error detail of " + error.path("detail").asText().length() + " characters";
            }
        } catch (IOException notJson) {
            return "a " + response.status() + " whose body is not JSON: " + response.body();
        }
        return null;
    }

    // --- tenants -----------------------------------------------------------------------------

    private void seed(TestData data) {
        for (int i = 0; i < 3; i++) {
            String email = "b-secret-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@fabrikam.example";
            String externalId = "ext-b-" + UUID.randomUUID();
            String id = ScimApi.scim(tenantB.token()).body("{\"userName\":\"" + email + "\",\"externalId\":\"" + externalId
                    + "\",\"active\":true,\"emails\":[{\"type\":\"work\",\"value\":\"" + email + "\"}]}")
                    .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
            secretsOfB.addAll(List.of(email, externalId, id));
            idsOfB.add(id);
            idsOfA.add(ScimApi.createUser(tenantA.token(), "a-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@contoso.com", "A " + i));
        }
        String groupB = ScimApi.scim(tenantB.token()).body("{\"displayName\":\"B team " + UUID.randomUUID() + "\",\"externalId\":\"gext-b-"
                + UUID.randomUUID() + "\",\"members\":[{\"value\":\"" + idsOfB.get(0) + "\"}]}").post("/scim/v2/Groups")
                .then().statusCode(201).extract().path("id");
        idsOfB.add(groupB);
        secretsOfB.add(groupB);
        String groupA = ScimApi.scim(tenantA.token()).body("{\"displayName\":\"A team\",\"members\":[{\"value\":\"" + idsOfA.get(0) + "\"}]}")
                .post("/scim/v2/Groups").then().statusCode(201).extract().path("id");
        idsOfA.add(groupA);
        secretsOfB.add(tenantB.providerId().toString());
        secretsOfB.add(tenantB.organizationId().toString());
        secretsOfB.replaceAll(secret -> secret.toLowerCase(Locale.ROOT));
    }

    private String snapshotOfB(TestData data) {
        StringBuilder state = new StringBuilder();
        for (Row row : data.query("""
                select id, version, active, scim_provider_id, scim_deleted, scim::text from users
                where organization_id = $1 order by id""", tenantB.organizationId())) {
            state.append(row.deepToString()).append('\n');
        }
        for (Row row : data.query("""
                select t.id, t.name, t.version, t.external_id, array(select user_id from team_members m where m.team_id = t.id order by user_id)::text
                from teams t where t.organization_id = $1 order by t.id""", tenantB.organizationId())) {
            state.append(row.deepToString()).append('\n');
        }
        return state.toString();
    }

    // --- what is sent ------------------------------------------------------------------------

    private List<Template> templates() throws IOException {
        List<Template> templates = new ArrayList<>();
        String user = "/scim/v2/Users/{{userId}}";
        String group = "/scim/v2/Groups/{{groupId}}";
        templates.add(new Template("POST", "/scim/v2/Users", resource("entra/create-user.json")));
        templates.add(new Template("POST", "/scim/v2/Users", resource("okta/create-user.json")));
        templates.add(new Template("PUT", user, resource("okta/put-user.json")));
        templates.add(new Template("PATCH", user, resource("entra/patch-flag-dialect.json")));
        templates.add(new Template("PATCH", user, resource("entra/patch-default-dialect.json")));
        templates.add(new Template("POST", "/scim/v2/Groups", resource("okta/group-create.json")));
        templates.add(new Template("PUT", group, resource("okta/group-put.json")));
        templates.add(new Template("PATCH", group, resource("okta/group-members.json")));
        for (String file : new String[] {"entra-1.6-multivalued", "entra-1.7-single-valued", "entra-1.8-dialects", "entra-1.11-manager",
                "entra-1.12-groups", "entra-roles", "errors", "generic-clients", "rfc-6.2-semantics", "validators-4.7"}) {
            for (JsonNode fixture : resource("patch-fixtures/" + file + ".json")) {
                templates.add(new Template("PATCH", "Group".equals(fixture.path("type").asText()) ? group : user, fixture.path("operations")));
            }
        }
        for (String filter : new String[] {"userName eq \"jane.doe@contoso.com\"", "externalId eq \"jdoe\"",
                "displayName eq \"A team\"", "id eq \"{{userId}}\"", "emails[type eq \"work\" and value co \"@\"]",
                "members[value eq \"{{userId}}\"]"}) {
            String resourceType = filter.startsWith("displayName") || filter.startsWith("members") ? "Groups" : "Users";
            templates.add(new Template("GET", "/scim/v2/" + resourceType + "?filter=" + encode(filter) + "&excludedAttributes=members", null));
            templates.add(new Template("POST", "/scim/v2/" + resourceType + "/.search",
                    JsonNodeFactory.instance.objectNode().put("filter", filter).put("startIndex", 1).put("count", 10)));
            templates.add(new Template("POST", "/scim/v2/.search", JsonNodeFactory.instance.objectNode().put("filter", filter)));
        }
        templates.add(new Template("GET", user, null));
        templates.add(new Template("GET", group + "?attributes=members", null));
        templates.add(new Template("DELETE", "/scim/v2/Users/{{removedId}}", null));
        templates.add(new Template("GET", "/scim/v2/Users?startIndex=1&count=5&sortBy=userName", null));
        templates.add(new Template("GET", "/scim/v2/ServiceProviderConfig", null));
        ObjectNode bulk = JsonNodeFactory.instance.objectNode();
        bulk.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:BulkRequest");
        ArrayNode operations = bulk.putArray("Operations");
        operations.addObject().put("method", "POST").put("path", "/Users").put("bulkId", "u1").set("data", resource("entra/create-user.json"));
        operations.addObject().put("method", "PATCH").put("path", "/Users/{{userId}}").set("data", resource("entra/patch-flag-dialect.json"));
        ObjectNode members = operations.addObject().put("method", "PATCH").put("path", "/Groups/{{groupId}}").putObject("data");
        members.putArray("Operations").addObject().put("op", "add").put("path", "members").putArray("value").addObject().put("value", "bulkId:u1");
        templates.add(new Template("POST", "/scim/v2/Bulk", bulk));
        return templates;
    }

    private Arbitrary<Case> cases(List<Template> templates) {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(24),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12),
                Arbitraries.of("", " ", "\u0000", "\uD800", "\uDC00x", "\uD83D\uDE00", "\u202Eevil", "'", "\"", "\\", "%", "%00", "%zz", "%C0%AF",
                        "../", "/..;/", "$ref", "null", "true", "1e999999", "-0", "9".repeat(400), "a".repeat(1200), "eq", "or", "[", "]", "(",
                        ")", "members[value eq \"x\"]", "emails[type eq \"work\"].value", "urn:ietf:params:scim:schemas:core:2.0:User:",
                        "not(", "bulkId:u1", "W/\"1\"", "*", "userName", "value", "Operations", "schemas"));
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 10_000), text,
                Arbitraries.integers().between(0, 1000)).as(Mutation::new);
        return Combinators.combine(Arbitraries.of(templates), mutation.list().ofMaxSize(4)).as(Case::new);
    }

    /** The request a case stands for: the template's placeholders filled, then each mutation applied in turn. */
    /**
     * A create template names a new user or group each time: the fixtures' fixed names would make every create after
     * the first one a 409, and whether a run ever reached a 201 would depend on the first of them surviving its mutations.
     */
    private void uniqueResource(com.fasterxml.jackson.databind.node.ObjectNode created, String target) {
        int n = creates.incrementAndGet();
        String unique = "hostile-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
        if (target.endsWith("/Users")) {
            created.put("userName", unique + "@contoso.com");
            if (created.get("emails") instanceof com.fasterxml.jackson.databind.node.ArrayNode emails) {
                emails.forEach(email -> {
                    if (email instanceof com.fasterxml.jackson.databind.node.ObjectNode object && object.has("value")) {
                        object.put("value", unique + "@contoso.com");
                    }
                });
            }
        } else if (target.endsWith("/Groups")) {
            created.put("displayName", "Hostile group " + unique);
        }
        if (created.has("externalId")) {
            created.put("externalId", "ext-" + unique);
        }
    }

    private Attempt attempt(Case generated) {
        Template template = generated.template();
        JsonNode body = template.body() == null ? null : template.body().deepCopy();
        if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode created && template.method().equals("POST")) {
            uniqueResource(created, template.target());
        }
        String target = fill(template.target(), mutation(generated));
        String method = template.method();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + tenantA.token());
        headers.put("Content-Type", "application/scim+json");
        boolean ascii = false;
        List<Mutation> bytesLevel = new ArrayList<>();
        for (Mutation mutation : generated.mutations()) {
            switch (mutation.kind()) {
                case REPLACE_VALUE -> body = replace(body, mutation.where(), strange(mutation));
                case STRANGE_STRING -> body = replace(body, mutation.where(), JsonNodeFactory.instance.textNode(mutation.text()));
                case OTHER_TENANT_ID -> body = replace(body, mutation.where(),
                        JsonNodeFactory.instance.textNode(idsOfB.get(mutation.number() % idsOfB.size())));
                case REMOVE_MEMBER -> body = remove(body, mutation.where());
                case RENAME_KEY -> body = rename(body, mutation.where(), mutation.number() % 2 == 0
                        ? mutation.text() : null);
                case PATH -> target = path(target, mutation);
                case FILTER -> target = withParameter(target, "filter", mutation.number() % 2 == 0 ? filter(mutation) : mutation.text());
                case QUERY_PARAMETER -> target = withParameter(target, new String[] {"attributes", "excludedAttributes", "startIndex", "count",
                        "sortBy", "sortOrder", "cursor", "filter"}[mutation.number() % 8], mutation.text());
                case HEADER -> header(headers, mutation);
                case METHOD -> method = new String[] {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}[mutation.number() % 6];
                case ESCAPE_NON_ASCII -> ascii = true;
                case DUPLICATE_KEY, INVALID_UTF8, TRUNCATE -> bytesLevel.add(mutation);
            }
        }
        byte[] bytes = body == null ? null : serialize(body, ascii);
        for (Mutation mutation : bytesLevel) {
            bytes = bytesLevel(bytes, mutation);
        }
        if (bytes != null) {
            bytes = fill(new String(bytes, StandardCharsets.ISO_8859_1), mutation(generated)).getBytes(StandardCharsets.ISO_8859_1);
        }
        return new Attempt(method, target, headers, bytes);
    }

    private static int mutation(Case generated) {
        return generated.mutations().isEmpty() ? 0 : generated.mutations().get(0).number();
    }

    /** Placeholders of the fixtures: tenant A's own user and team (and now and then a B id, which must stay unreachable). */
    private String fill(String text, int choice) {
        String user = choice % 11 == 10 ? idsOfB.get(0) : idsOfA.get(choice % 3);
        return text.replace("{{userId}}", user).replace("{{otherId}}", idsOfA.get((choice + 1) % 3))
                .replace("{{removedId}}", idsOfA.get((choice + 2) % 3)).replace("{{groupId}}", choice % 13 == 12 ? idsOfB.get(3) : idsOfA.get(3));
    }

    private static JsonNode strange(Mutation mutation) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (mutation.number() % 12) {
            case 0 -> nodes.textNode(mutation.text());
            case 1 -> nodes.numberNode(mutation.where());
            case 2 -> nodes.numberNode(new BigInteger("9".repeat(1 + mutation.number() % 120)));
            case 3 -> nodes.numberNode(new java.math.BigDecimal("1e" + (mutation.where() - 5000)));
            case 4 -> nodes.booleanNode(mutation.where() % 2 == 0);
            case 5 -> nodes.nullNode();
            case 6 -> nodes.arrayNode();
            case 7 -> nodes.objectNode();
            case 8 -> nodes.arrayNode().add(mutation.text()).add(nodes.objectNode().put("value", mutation.text()));
            case 9 -> nest(1 + mutation.where() % 80);
            case 10 -> nodes.objectNode().put("value", mutation.text()).put("primary", "True").put("type", mutation.text());
            default -> nodes.textNode(mutation.text().repeat(1 + mutation.where() % 50));
        };
    }

    private static JsonNode nest(int depth) {
        JsonNode node = JsonNodeFactory.instance.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? JsonNodeFactory.instance.arrayNode().add(node) : JsonNodeFactory.instance.objectNode().set("a", node);
        }
        return node;
    }

    /** The nodes of a tree in depth-first order, each with its parent (null for the root). */
    private static List<JsonNode[]> nodes(JsonNode root) {
        List<JsonNode[]> all = new ArrayList<>();
        collect(null, root, all);
        return all;
    }

    private static void collect(JsonNode parent, JsonNode node, List<JsonNode[]> all) {
        all.add(new JsonNode[] {parent, node});
        node.forEach(child -> collect(node, child, all));
    }

    private static JsonNode replace(JsonNode body, int where, JsonNode value) {
        if (body == null) {
            return null;
        }
        List<JsonNode[]> all = nodes(body);
        JsonNode[] chosen = all.get(where % all.size());
        if (chosen[0] == null) {
            return value;
        }
        setChild(chosen[0], chosen[1], value);
        return body;
    }

    private static void setChild(JsonNode parent, JsonNode child, JsonNode value) {
        if (parent instanceof ObjectNode object) {
            object.properties().stream().filter(e -> e.getValue() == child).findFirst().ifPresent(e -> e.setValue(value));
        } else if (parent instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) == child) {
                    array.set(i, value);
                    return;
                }
            }
        }
    }

    private static JsonNode remove(JsonNode body, int where) {
        if (body == null) {
            return null;
        }
        List<JsonNode[]> all = nodes(body);
        JsonNode[] chosen = all.get(where % all.size());
        if (chosen[0] instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue() == chosen[1]);
        } else if (chosen[0] instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) == chosen[1]) {
                    array.remove(i);
                    break;
                }
            }
        }
        return body;
    }

    /** Renames a member (to {@code name}, or to its own name in another case when null). */
    private static JsonNode rename(JsonNode body, int where, String name) {
        if (body == null) {
            return null;
        }
        List<ObjectNode> objects = new ArrayList<>();
        nodes(body).forEach(pair -> {
            if (pair[1] instanceof ObjectNode object && !object.isEmpty()) {
                objects.add(object);
            }
        });
        if (objects.isEmpty()) {
            return body;
        }
        ObjectNode object = objects.get(where % objects.size());
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        String key = keys.get(where % keys.size());
        String renamed = name != null ? name : key.equals(key.toUpperCase(Locale.ROOT)) ? key.toLowerCase(Locale.ROOT) : key.toUpperCase(Locale.ROOT);
        JsonNode value = object.remove(key);
        object.set(renamed, value);
        return body;
    }

    private static byte[] serialize(JsonNode body, boolean ascii) {
        try {
            return (ascii ? ASCII : PLAIN).writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytesLevel(byte[] body, Mutation mutation) {
        if (body == null || body.length == 0) {
            return body;
        }
        int at = mutation.where() % body.length;
        return switch (mutation.kind()) {
            case INVALID_UTF8 -> concat(java.util.Arrays.copyOfRange(body, 0, at), INVALID_UTF8[mutation.number() % INVALID_UTF8.length],
                    java.util.Arrays.copyOfRange(body, at, body.length));
            case TRUNCATE -> java.util.Arrays.copyOfRange(body, 0, at);
            default -> duplicateKey(body, mutation.where());
        };
    }

    /** Repeats, at the start of the n-th object that has members, that object's first key with a null value. */
    private static byte[] duplicateKey(byte[] body, int where) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        Matcher objectStart = Pattern.compile("\\{\\s*(\"(?:[^\"\\\\]|\\\\.)*\")\\s*:").matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (objectStart.find()) {
            starts.add(new int[] {objectStart.start()});
            keys.add(objectStart.group(1));
        }
        if (starts.isEmpty()) {
            return body;
        }
        int chosen = where % starts.size();
        int at = starts.get(chosen)[0] + 1;
        return (text.substring(0, at) + keys.get(chosen) + ":null," + text.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private String path(String target, Mutation mutation) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String rest = query < 0 ? "" : target.substring(query);
        String changed = switch (mutation.number() % 9) {
            case 0 -> path + "/" + encodePathish(mutation.text());
            case 1 -> path.substring(0, path.lastIndexOf('/') + 1) + encodePathish(mutation.text());
            case 2 -> path.substring(0, path.lastIndexOf('/') + 1) + idsOfB.get(mutation.where() % idsOfB.size());
            case 3 -> path.replace("/scim/v2", "/scim/v2/providers/" + (mutation.where() % 2 == 0 ? tenantA.providerId() : tenantB.providerId()));
            case 4 -> path.toLowerCase(Locale.ROOT);
            case 5 -> path + "/";
            case 6 -> path.replace("/Users", "/Groups").replace("/Groups/", "/Users/");
            case 7 -> path + "/..";
            default -> path.replace("/scim/v2", "/scim/v2/" + encodePathish(mutation.text()));
        };
        return changed + rest;
    }

    private static String withParameter(String target, String name, String value) {
        String cleaned = target.replaceAll("([?&])" + name + "=[^&]*&?", "$1");
        if (cleaned.endsWith("&") || cleaned.endsWith("?")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        return cleaned + (cleaned.contains("?") ? "&" : "?") + name + "=" + (value.startsWith("%") ? value : encode(value));
    }

    private String filter(Mutation mutation) {
        String[] tokens = {"userName", "externalId", "id", "displayName", "members", "emails[type eq \"work\"].value", "emails", "active",
                "meta.lastModified", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "eq", "ne", "co", "sw", "ew",
                "pr", "gt", "ge", "lt", "le", "and", "or", "not", "(", ")", "[", "]", "\"x\"", "true", "null", "1", "1.5e308",
                "\"" + secretsOfB.get(0) + "\"", "\"" + idsOfB.get(mutation.where() % idsOfB.size()) + "\"", "\"" + mutation.text() + "\""};
        StringBuilder filter = new StringBuilder();
        Random pick = new Random(mutation.where() * 31L + mutation.number());
        for (int i = 0, count = 1 + mutation.number() % 12; i < count; i++) {
            filter.append(i == 0 ? "" : " ").append(tokens[pick.nextInt(tokens.length)]);
        }
        return filter.toString();
    }

    private void header(Map<String, String> headers, Mutation mutation) {
        String value = ascii(mutation.text());
        switch (mutation.number() % 8) {
            case 0 -> headers.put("Content-Type", new String[] {"application/json", "text/plain", "application/scim+json; charset=latin1",
                    "multipart/form-data; boundary=x", value}[mutation.where() % 5]);
            case 1 -> headers.remove("Content-Type");
            case 2 -> headers.put("If-Match", value);
            case 3 -> headers.put("Accept", new String[] {"application/xml", "text/html", "*/*", value}[mutation.where() % 4]);
            case 4 -> headers.put("Authorization", "Bearer " + value);
            case 5 -> headers.remove("Authorization");
            case 6 -> headers.put("X-Forwarded-Host", value);
            default -> headers.put("Accept-Charset", value);
        }
    }

    /** Header values are sent as ASCII; other characters become their escapes, control characters are left out. */
    private static String ascii(String text) {
        StringBuilder ascii = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                ascii.append(c);
            } else if (c >= 0x80) {
                ascii.append("\\u").append(String.format("%04x", (int) c));
            }
        }
        return ascii.toString();
    }

    /** Percent-encodes what cannot stand raw in a request line (non-ASCII, controls, space, #), keeping other ASCII as sent. */
    private static String encodePathish(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '#') {
                encoded.append('%').append(String.format("%02X", c));
            } else {
                encoded.append((char) c);
            }
        }
        return encoded.toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = HostileRequestPropertyTest.class.getClassLoader().getResourceAsStream(name)) {
            return PLAIN.readTree(in);
        }
    }
}
