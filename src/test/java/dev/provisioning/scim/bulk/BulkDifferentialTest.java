package dev.provisioning.scim.bulk;

import static dev.provisioning.scim.bulk.BulkRequestParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.provisioning.scim.message.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bulk request parsing against an independent implementation, UnboundID's {@code BulkRequest}
 * (scim2-sdk-common 5.1.0): seeded random requests in the form both accept must read the same
 * (failOnErrors, and per operation method, path, bulkId, version, data) and resolve bulkIds in the
 * data the same way. Where we accept or refuse differently on purpose, {@link #DIFFERENCES} names it.
 */
class BulkDifferentialTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] CASES = {"POST", "Post", "post"};

    static Stream<Arguments> randomRequests() {
        return IntStream.range(0, 300).mapToObj(seed -> Arguments.of(seed, randomRequest(new Random(seed))));
    }

    static ObjectNode randomRequest(Random random) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(BulkResponses.BULK_REQUEST);
        if (random.nextBoolean()) {
            body.put("failOnErrors", 1 + random.nextInt(5));
        }
        ArrayNode operations = body.putArray("Operations");
        List<String> bulkIds = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            ObjectNode operation = operations.addObject();
            String reference = bulkIds.isEmpty() || random.nextBoolean() ? null : "bulkId:" + bulkIds.get(random.nextInt(bulkIds.size()));
            boolean users = random.nextBoolean();
            String endpoint = users ? "/Users" : "/Groups";
            switch (random.nextInt(4)) {
                case 0 -> {
                    operation.put("method", CASES[random.nextInt(CASES.length)]).put("path", endpoint);
                    String bulkId = "b" + i;
                    bulkIds.add(bulkId);
                    operation.put("bulkId", bulkId);
                    operation.set("data", resource(random, users, reference));
                }
                case 1 -> {
                    operation.put("method", "PUT").put("path", endpoint + "/" + id(random, bulkIds));
                    if (random.nextBoolean()) {
                        operation.put("version", "W/\"" + random.nextInt(9) + "\"");
                    }
                    operation.set("data", resource(random, users, reference));
                }
                case 2 -> {
                    operation.put("method", "PATCH").put("path", endpoint + "/" + id(random, bulkIds));
                    ObjectNode patch = operation.putObject("data");
                    patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
                    ArrayNode ops = patch.putArray("Operations");
                    if (users) {
                        ops.addObject().put("op", "replace").put("path", "displayName").put("value", "D" + random.nextInt(100));
                        if (reference != null) {
                            ops.addObject().put("op", "add").put("path", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
                                    .putObject("value").put("value", reference);
                        }
                    } else {
                        ops.addObject().put("op", "add").put("path", "members").putArray("value").addObject()
                                .put("value", reference == null ? UUID.randomUUID().toString() : reference);
                    }
                }
                default -> {
                    operation.put("method", "DELETE").put("path", endpoint + "/" + id(random, bulkIds));
                    if (random.nextBoolean()) {
                        operation.put("version", "W/\"" + random.nextInt(9) + "\"");
                    }
                }
            }
        }
        return body;
    }

    private static String id(Random random, List<String> bulkIds) {
        return !bulkIds.isEmpty() && random.nextInt(3) == 0 ? "bulkId:" + bulkIds.get(random.nextInt(bulkIds.size()))
                : UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt(50)}).toString();
    }

    private static ObjectNode resource(Random random, boolean user, String reference) {
        ObjectNode data = JSON.createObjectNode();
        if (user) {
            data.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
            data.put("userName", "u" + random.nextInt(1000) + "@contoso.com");
            if (reference != null) {
                data.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").putObject("manager").put("value", reference);
            }
        } else {
            data.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
            data.put("displayName", "G" + random.nextInt(1000));
            if (reference != null) {
                data.putArray("members").addObject().put("value", reference).put("type", "User");
            }
        }
        return data;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("randomRequests")
    void readsAsUnboundIdReadsIt(int seed, ObjectNode body) throws Exception {
        BulkRequest ours = BulkRequestParser.parse(body, 1000);
        com.unboundid.scim2.common.bulk.BulkRequest theirs = theirs(body);
        assertThat(ours.failOnErrors()).isEqualTo(theirs.getFailOnErrors());
        assertThat(ours.operations()).hasSameSizeAs(theirs.getOperations());
        for (int i = 0; i < ours.operations().size(); i++) {
            BulkOperation mine = ours.operations().get(i);
            com.unboundid.scim2.common.bulk.BulkOperation their = theirs.getOperations().get(i);
            assertThat(mine.problem()).isNull();
            assertThat(mine.methodName()).isEqualTo(their.getMethod().name());
            assertThat(mine.path()).isEqualTo(their.getPath());
            assertThat(mine.bulkId()).isEqualTo(their.getBulkId());
            assertThat(mine.version()).isEqualTo(their.getVersion());
            assertThat(comparable(mine.data())).isEqualTo(comparable(their.getData()));
        }
        // every bulkId resolved to a created id: both replace the same references in the data
        Map<String, String> created = new java.util.HashMap<>();
        for (BulkOperation operation : ours.operations()) {
            if (operation.bulkId() != null) {
                String id = UUID.randomUUID().toString();
                created.put(operation.bulkId(), id);
                theirs.replaceBulkIdValues(operation.bulkId(), id);
            }
        }
        for (int i = 0; i < ours.operations().size(); i++) {
            assertThat(comparable(BulkIds.substitute(ours.operations().get(i).data(), created)))
                    .isEqualTo(comparable(theirs.getOperations().get(i).getData()));
        }
    }

    /** UnboundID re-encodes PATCH data as a PatchOp message; the operations are what must agree. */
    private static JsonNode comparable(JsonNode data) {
        return data != null && data.has("Operations") ? data.get("Operations") : data;
    }

    private static com.unboundid.scim2.common.bulk.BulkRequest theirs(JsonNode body) throws Exception {
        return JsonUtils.getObjectReader().forType(com.unboundid.scim2.common.bulk.BulkRequest.class).readValue(body);
    }

    // ------------------------------------------------------------------ deliberate differences

    /**
     * @param ours "request 400", "request 413", "operation 400" (that operation fails, the others run; UnboundID
     *             refuses the request), "operation 400, UnboundID accepts" or "accepted"; UnboundID is asserted to differ
     */
    record Difference(String name, String reason, String body, String ours) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Difference> DIFFERENCES = List.of(
            new Difference("a method in any letter case",
                    "method names are matched case-insensitively like PATCH op names (entra-scim §4.4); UnboundID knows POST, Post and post only",
                    "{'Operations': [{'method': 'pOsT', 'path': '/Users', 'bulkId': 'a', 'data': {'userName': 'u'}}]}", "accepted"),
            new Difference("a bulkId on an operation other than POST",
                    "it names nothing but is echoed in the result, so the client can match it; UnboundID refuses the request",
                    "{'Operations': [{'method': 'DELETE', 'path': '/Users/1', 'bulkId': 'd1'}]}", "accepted"),
            new Difference("a version on a POST",
                    "a new resource has no version to match; it is ignored; UnboundID refuses the request",
                    "{'Operations': [{'method': 'POST', 'path': '/Users', 'bulkId': 'a', 'version': 'v1', 'data': {'userName': 'u'}}]}",
                    "accepted"),
            new Difference("a POST without data",
                    "RFC 7644 §3.7: each operation is answered on its own, the others still run; UnboundID refuses the request",
                    "{'Operations': [{'method': 'POST', 'path': '/Users', 'bulkId': 'a'}, {'method': 'DELETE', 'path': '/Users/1'}]}",
                    "operation 400"),
            new Difference("a POST without bulkId",
                    "RFC 7644 §3.7 makes bulkId REQUIRED when method is POST: that operation is 400 invalidSyntax, the others"
                            + " still run; UnboundID accepts the request as it is",
                    "{'Operations': [{'method': 'POST', 'path': '/Users', 'data': {'userName': 'u'}}, {'method': 'DELETE', 'path': '/Users/1'}]}",
                    "operation 400, UnboundID accepts"),
            new Difference("an unknown method",
                    "answered as that operation's error (400 invalidValue); UnboundID refuses the request",
                    "{'Operations': [{'method': 'GET', 'path': '/Users/1'}, {'method': 'DELETE', 'path': '/Users/1'}]}",
                    "operation 400"),
            new Difference("a bulkId used twice",
                    "RFC 7644 §3.7: a bulkId is unique within the request, and a reference to it would be ambiguous; UnboundID accepts it",
                    "{'Operations': [{'method': 'POST', 'path': '/Users', 'bulkId': 'a', 'data': {'userName': 'u'}},"
                            + " {'method': 'POST', 'path': '/Groups', 'bulkId': 'a', 'data': {'displayName': 'g'}}]}",
                    "request 400"));

    static Stream<Difference> differences() {
        return DIFFERENCES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void deliberateDifference(Difference difference) {
        JsonNode body = json(difference.body());
        Throwable theirs = catchThrowable(() -> theirs(body));
        switch (difference.ours()) {
            case "accepted" -> {
                BulkRequest ours = BulkRequestParser.parse(body, 1000);
                assertThat(ours.operations()).allSatisfy(operation -> assertThat(operation.problem()).isNull());
                assertThat(theirs).as("UnboundID refuses it: %s", difference.reason()).isNotNull();
            }
            case "operation 400", "operation 400, UnboundID accepts" -> {
                BulkRequest ours = BulkRequestParser.parse(body, 1000);
                assertThat(ours.operations().get(0).problem().status()).isEqualTo(400);
                assertThat(ours.operations().get(1).problem()).isNull();
                if (difference.ours().endsWith("UnboundID accepts")) {
                    assertThat(theirs).as("UnboundID accepts it: %s", difference.reason()).isNull();
                } else {
                    assertThat(theirs).as("UnboundID refuses the whole request: %s", difference.reason()).isNotNull();
                }
            }
            default -> {
                ScimException error = org.assertj.core.api.Assertions.catchThrowableOfType(ScimException.class,
                        () -> BulkRequestParser.parse(body, 1000));
                assertThat(error.status()).isEqualTo(Integer.parseInt(difference.ours().substring("request ".length())));
                assertThat(theirs).as("UnboundID accepts it: %s", difference.reason()).isNull();
            }
        }
    }
}
