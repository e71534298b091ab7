package dev.provisioning.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against an independent RFC 7644 implementation, the UnboundID SCIM 2 SDK:
 * seeded random users and standard-form operations (lowercase ops, proper JSON types, paths on
 * simple, complex and multi-valued attributes, value filters that match) must give the same
 * document. Where we differ on purpose, the case is in {@link #DIFFERENCES} with its reason: our
 * behaviour is asserted, and so is the fact that UnboundID really behaves otherwise.
 */
class PatchDifferentialTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ENT = ScimSchemas.ENTERPRISE_USER_URN;
    static final String[] EMAIL_TYPES = {"work", "home", "other"};
    static final String[] PHONE_TYPES = {"work", "mobile", "fax"};
    static final String[] NAME_PARTS = {"givenName", "familyName", "formatted", "middleName"};
    static final String[] SIMPLE = {"displayName", "title", "nickName", "userType", "locale"};

    // ------------------------------------------------------------------ generic comparison

    static Stream<Arguments> randomCases() {
        return IntStream.range(0, 400).mapToObj(seed -> {
            Random random = new Random(seed);
            ObjectNode user = randomUser(random);
            ArrayNode operations = JSON.createArrayNode();
            ObjectNode state = user.deepCopy();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                ObjectNode operation = randomOperation(random, state);
                operations.add(operation);
                state = PatchEngine.apply(state, PatchRequestParser.parse(body(JSON.createArrayNode().add(operation))),
                        ScimSchemas.USER_TYPE).resource();
            }
            return Arguments.of(seed, user, body(operations));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("randomCases")
    void sameDocumentAsUnboundId(int seed, ObjectNode before, ObjectNode body) throws Exception {
        ObjectNode ours = PatchEngine.apply(before, PatchRequestParser.parse(body), ScimSchemas.USER_TYPE).resource();
        ObjectNode theirs = unboundId(before, body);
        assertThat(ours).as("ops %s on %s", body.get("Operations"), before).isEqualTo(theirs);
    }

    static ObjectNode randomUser(Random random) {
        ObjectNode user = JSON.createObjectNode();
        user.put("userName", "user" + random.nextInt(10_000) + "@contoso.com");
        for (String attribute : SIMPLE) {
            if (random.nextBoolean()) {
                user.put(attribute, attribute + "-" + random.nextInt(100));
            }
        }
        if (random.nextBoolean()) {
            user.put("active", random.nextBoolean());
        }
        if (random.nextBoolean()) {
            ObjectNode name = user.putObject("name");
            for (String part : NAME_PARTS) {
                if (random.nextBoolean()) {
                    name.put(part, part + random.nextInt(100));
                }
            }
            if (name.isEmpty()) {
                name.put("givenName", "G");
            }
        }
        multiValued(random, user, "emails", EMAIL_TYPES, "@contoso.com");
        multiValued(random, user, "phoneNumbers", PHONE_TYPES, "");
        if (random.nextBoolean()) {
            ObjectNode enterprise = user.putObject(ENT);
            enterprise.put("department", "dept" + random.nextInt(10));
            if (random.nextBoolean()) {
                enterprise.put("employeeNumber", "E-" + random.nextInt(1000));
            }
        }
        return user;
    }

    private static void multiValued(Random random, ObjectNode user, String attribute, String[] types, String suffix) {
        ArrayNode elements = JSON.createArrayNode();
        for (String type : types) {
            if (random.nextInt(3) > 0) {
                elements.addObject().put("type", type).put("value", type + random.nextInt(1000) + suffix);
            }
        }
        if (!elements.isEmpty()) {
            if (random.nextBoolean()) {
                ((ObjectNode) elements.get(0)).put("primary", true);
            }
            user.set(attribute, elements);
        }
    }

    static ObjectNode randomOperation(Random random, ObjectNode state) {
        while (true) {
            switch (random.nextInt(16)) {
                case 14 -> {
                    ObjectNode name = JSON.createObjectNode().put(pick(random, NAME_PARTS), "M" + random.nextInt(100));
                    return op(random.nextBoolean() ? "replace" : "add", "name", name);
                }
                case 15 -> {
                    if (state.path("name").size() > 1) {
                        return op("remove", "name", null);
                    }
                }
                case 0 -> {
                    return op("replace", pick(random, SIMPLE), JSON.getNodeFactory().textNode("v" + random.nextInt(1000)));
                }
                case 1 -> {
                    String attribute = pick(random, SIMPLE);
                    if (!state.has(attribute)) {
                        return op("add", attribute, JSON.getNodeFactory().textNode("added" + random.nextInt(100)));
                    }
                }
                case 2 -> {
                    String attribute = pick(random, SIMPLE);
                    if (state.has(attribute)) {
                        return op("remove", attribute, null);
                    }
                }
                case 3 -> {
                    return op("replace", "active", JSON.getNodeFactory().booleanNode(random.nextBoolean()));
                }
                case 4 -> {
                    return op(random.nextBoolean() ? "replace" : "add", "name." + pick(random, NAME_PARTS),
                            JSON.getNodeFactory().textNode("N" + random.nextInt(100)));
                }
                case 5 -> {
                    String part = pick(random, NAME_PARTS);
                    if (state.path("name").has(part) && state.get("name").size() > 1) {
                        return op("remove", "name." + part, null);
                    }
                }
                case 6, 7 -> {
                    String attribute = random.nextBoolean() ? "emails" : "phoneNumbers";
                    String type = existingType(random, state, attribute);
                    if (type != null) {
                        return op("replace", attribute + "[type eq \"" + type + "\"].value",
                                JSON.getNodeFactory().textNode("changed" + random.nextInt(1000)));
                    }
                }
                case 8 -> {
                    String type = existingType(random, state, "emails");
                    if (type != null && state.get("emails").size() > 1) {
                        return op("remove", "emails[type eq \"" + type + "\"]", null);
                    }
                }
                case 9 -> {
                    for (String type : EMAIL_TYPES) {
                        if (!hasType(state, "emails", type)) {
                            ArrayNode value = JSON.createArrayNode();
                            value.addObject().put("value", type + "-new@contoso.com").put("type", type);
                            return op("add", "emails", value);
                        }
                    }
                }
                case 10 -> {
                    ArrayNode value = JSON.createArrayNode();
                    value.addObject().put("value", "only" + random.nextInt(100) + "@contoso.com").put("type", "work");
                    return op("replace", "emails", value);
                }
                case 11 -> {
                    return op(random.nextBoolean() ? "replace" : "add", ENT + ":department",
                            JSON.getNodeFactory().textNode("D" + random.nextInt(100)));
                }
                case 12 -> {
                    if (state.path(ENT).has("employeeNumber") && state.get(ENT).size() > 1) {
                        return op("remove", ENT + ":employeeNumber", null);
                    }
                }
                default -> {
                    if (state.has("phoneNumbers")) {
                        return op("remove", "phoneNumbers", null);
                    }
                }
            }
        }
    }

    private static String existingType(Random random, ObjectNode state, String attribute) {
        List<String> types = new ArrayList<>();
        state.path(attribute).forEach(element -> types.add(element.get("type").asText()));
        return types.isEmpty() ? null : types.get(random.nextInt(types.size()));
    }

    private static boolean hasType(ObjectNode state, String attribute, String type) {
        for (JsonNode element : state.path(attribute)) {
            if (element.path("type").asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode operation = JSON.createObjectNode().put("op", op);
        if (path != null) {
            operation.put("path", path);
        }
        if (value != null) {
            operation.set("value", value);
        }
        return operation;
    }

    static ObjectNode body(ArrayNode operations) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        body.set("Operations", operations);
        return body;
    }

    static ObjectNode unboundId(ObjectNode before, ObjectNode body) throws Exception {
        PatchRequest request = JsonUtils.getObjectReader().forType(PatchRequest.class).readValue(body);
        return request.apply(new GenericScimResource(before.deepCopy())).getObjectNode();
    }

    // ------------------------------------------------------------------ deliberate differences

    /**
     * A deliberate difference from UnboundID (and mostly from RFC 7644), with its reason.
     *
     * @param ours the document we produce
     */
    record Difference(String name, String reason, String before, String operations, String ours, boolean unboundIdDiffers) {
        Difference(String name, String reason, String before, String operations, String ours) {
            this(name, reason, before, operations, ours, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final String USER = "{'userName':'u','title':'t','emails':[{'type':'work','value':'w@c.com','primary':true}]}";
    static final String MANAGED = "{'userName':'u','" + ENT + "':{'manager':{'value':'m1'}}}";

    static final List<Difference> DIFFERENCES = List.of(
            new Difference("upsert on replace of a value path with no match",
                    "Entra writes emails/phones/addresses by type and expects creation (entra-scim §1.6, P3); UnboundID answers noTarget",
                    USER, "[{'op':'replace','path':'emails[type eq \\'home\\'].value','value':'h@c.com'}]",
                    "{'userName':'u','title':'t','emails':[{'type':'work','value':'w@c.com','primary':true},{'type':'home','value':'h@c.com'}]}"),
            new Difference("upsert on add of a value path with no match",
                    "Entra uses add and replace interchangeably on value paths (entra-scim §1.6)",
                    USER, "[{'op':'add','path':'phoneNumbers[type eq \\'mobile\\'].value','value':'+44'}]",
                    "{'userName':'u','title':'t','emails':[{'type':'work','value':'w@c.com','primary':true}],'phoneNumbers':[{'type':'mobile','value':'+44'}]}"),
            new Difference("add on an existing value-path sub-attribute replaces it",
                    "Entra uses add and replace interchangeably on value paths (entra-scim §1.6, MS Q&A); UnboundID refuses to add a second 'value'",
                    USER, "[{'op':'add','path':'emails[type eq \\'work\\'].value','value':'n@c.com'}]",
                    "{'userName':'u','title':'t','emails':[{'type':'work','value':'n@c.com','primary':true}]}"),
            new Difference("remove with a filter matching nothing is a no-op",
                    "idempotent removals, Entra retries (entra-scim §8.2); RFC 7644 lists noTarget, UnboundID 5.1.0 agrees with us",
                    USER, "[{'op':'remove','path':'emails[type eq \\'home\\']'}]", USER, false),
            new Difference("adding a value that is already present changes nothing",
                    "RFC 7644 §3.5.2.1 (no change, success; P15) keeps lastModified; UnboundID appends a duplicate element",
                    USER, "[{'op':'add','path':'emails','value':[{'type':'work','value':'w@c.com','primary':true}]}]", USER),
            new Difference("boolean strings are coerced",
                    "Entra's default active mapping sends \"False\" (entra-scim §1.8, P1); UnboundID stores the string",
                    USER, "[{'op':'replace','path':'active','value':'False'}]",
                    "{'userName':'u','title':'t','active':false,'emails':[{'type':'work','value':'w@c.com','primary':true}]}"),
            new Difference("manager as a bare string becomes an object",
                    "Entra sends the manager id as a string; we store the RFC shape (entra-scim §1.11, P6); UnboundID stores the string",
                    "{'userName':'u'}", "[{'op':'add','path':'" + ENT + ":manager','value':'m1'}]", MANAGED),
            new Difference("replace with an empty string removes",
                    "Microsoft's validation suite clears manager and optional attributes with \"\" (entra-scim §1.11, §4.7); UnboundID stores \"\"",
                    MANAGED, "[{'op':'replace','path':'" + ENT + ":manager','value':''}]", "{'userName':'u'}"),
            new Difference("path-less value with dotted keys applies each key as a path",
                    "Entra's aadOptscim062020 dialect (entra-scim §1.8, P5); UnboundID stores a literal 'name.givenName' key",
                    "{'userName':'u'}", "[{'op':'replace','value':{'name.givenName':'Jane'}}]", "{'userName':'u','name':{'givenName':'Jane'}}"),
            new Difference("remove of a sub-attribute with a stale value is a no-op",
                    "a stale remove must not delete the current value (SCIMReferenceCode PR#87, P17); UnboundID ignores the value",
                    USER, "[{'op':'remove','path':'emails[type eq \\'work\\'].value','value':'old@c.com'}]", USER),
            new Difference("setting primary on one value clears the others",
                    "RFC 7643 §2.4 allows one primary; UnboundID keeps two",
                    USER, "[{'op':'add','path':'emails','value':[{'type':'home','value':'h@c.com','primary':true}]}]",
                    "{'userName':'u','title':'t','emails':[{'type':'work','value':'w@c.com','primary':false},{'type':'home','value':'h@c.com','primary':true}]}"),
            new Difference("unknown attributes in a path are rejected",
                    "unknown PATCH paths are invalidPath (entra-scim §8.7) so a typo is not silently stored; UnboundID stores them",
                    USER, "[{'op':'add','path':'favouriteColour','value':'blue'}]", null),
            new Difference("wrong value types are rejected",
                    "the schema says active is boolean (product.md §7: invalidValue); UnboundID stores anything",
                    USER, "[{'op':'replace','path':'active','value':'maybe'}]", null),
            new Difference("remove with the extension URN as path removes the whole extension",
                    "generic SCIM clients send it (RFC 7644 §3.5.2.2: the target is the extension's value);"
                            + " UnboundID treats the bare URN as naming no attribute and leaves the extension in place",
                    "{'userName':'u','" + ENT + "':{'department':'D','employeeNumber':'E'}}",
                    "[{'op':'remove','path':'" + ENT + "'}]", "{'userName':'u'}"),
            new Difference("an extension value carrying its own schemas key",
                    "clients that send the extension as a resource object list its schema in it; schemas is not an attribute"
                            + " (RFC 7643 §3), so it is ignored as POST ignores it; UnboundID stores a 'schemas' key inside the extension",
                    "{'userName':'u'}", "[{'op':'add','path':'" + ENT + "','value':{'schemas':['" + ENT + "'],'department':'D'}}]",
                    "{'userName':'u','" + ENT + "':{'department':'D'}}"),
            new Difference("readOnly id cannot be patched",
                    "id never changes (entra-scim §4.5: mutability); UnboundID writes it",
                    USER, "[{'op':'replace','path':'id','value':'other'}]", null));

    static Stream<Difference> differences() {
        return DIFFERENCES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void deliberateDifference(Difference difference) {
        ObjectNode before = (ObjectNode) json(difference.before());
        ObjectNode body = body((ArrayNode) json(difference.operations()));
        JsonNode theirs;
        try {
            theirs = unboundId(before, body);
        } catch (Exception error) {
            theirs = null;
        }
        if (difference.ours() == null) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> PatchEngine.apply(before, PatchRequestParser.parse(body), ScimSchemas.USER_TYPE))
                    .isInstanceOf(ScimException.class);
            assertThat(theirs).as("UnboundID accepts it: %s", difference.reason()).isNotNull();
            return;
        }
        ObjectNode ours = PatchEngine.apply(before, PatchRequestParser.parse(body), ScimSchemas.USER_TYPE).resource();
        assertThat(ours).isEqualTo(json(difference.ours()));
        if (difference.unboundIdDiffers()) {
            assertThat(theirs).as("UnboundID must really differ: %s", difference.reason()).isNotEqualTo(ours);
        } else {
            assertThat(theirs).as("a difference from the RFC only: %s", difference.reason()).isEqualTo(ours);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace("\\'", "\\\"").replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
