package dev.provisioning.web;

import static dev.provisioning.support.AdminApi.platformAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.RawHttp;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input over HTTP (product.md §9): every refusal is a 400/413/414/431 with a SCIM error body
 * on /scim (a {@code {message}} body on /admin), quoting at most 200 characters of what was sent,
 * and nothing that was refused is stored. Requests go through {@link RawHttp}, so bytes that are not
 * UTF-8 and chunked bodies reach the service exactly as written here.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HostileInputTest extends TenantTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    static Stream<Arguments> refusedBodies() {
        return Stream.of(
                Arguments.of("nested 65 levels deep", utf8(user("\"x\":" + "[".repeat(65) + "]".repeat(65))),
                        "nesting depth"),
                Arguments.of("nested 100 000 levels deep", utf8(user("\"x\":" + "[".repeat(100_000) + "]".repeat(100_000))),
                        "nesting depth"),
                Arguments.of("an overlong '/' (C0 AF)", displayName("a", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                        "not valid UTF-8"),
                Arguments.of("an encoded surrogate (ED A0 80)", displayName("a", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                        "not valid UTF-8"),
                Arguments.of("a code point above U+10FFFF (F4 90 80 80)",
                        displayName("a", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                        "not valid UTF-8"),
                Arguments.of("a lone continuation byte (80)", displayName("a", new byte[] {(byte) 0x80}),
                        "not valid UTF-8"),
                Arguments.of("Latin-1 instead of UTF-8 (E9)", displayName("Ren", new byte[] {(byte) 0xE9}),
                        "not valid UTF-8"),
                Arguments.of("a sequence cut at the end", bytes(utf8("{\"userName\":\"a@contoso.com\"} "), new byte[] {(byte) 0xE2, (byte) 0x82}),
                        "not valid UTF-8"),
                Arguments.of("a duplicate key", utf8(user("\"userName\":\"b@contoso.com\"")), "Duplicate field 'userName'"),
                Arguments.of("a duplicate nested key", utf8(user("\"name\":{\"givenName\":\"a\",\"givenName\":\"b\"}")),
                        "Duplicate field 'givenName'"),
                Arguments.of("a 101-digit integer", utf8(user("\"x\":1" + "0".repeat(100))), "Number value length"),
                Arguments.of("an exponent of a million", utf8(user("\"x\":1e1000000")), "decimal exponent is beyond"),
                Arguments.of("a tiny exponent", utf8(user("\"x\":1e-1001")), "decimal exponent is beyond"),
                Arguments.of("an escaped U+0000", utf8(user("\"displayName\":\"a\\u0000b\"")), "U+0000"),
                Arguments.of("an escaped U+0000 in a key", utf8(user("\"a\\u0000\":1")), "U+0000"),
                Arguments.of("an escaped lone surrogate", utf8(user("\"displayName\":\"a\\ud800b\"")), "unpaired surrogate"),
                Arguments.of("an escaped low surrogate first", utf8(user("\"displayName\":\"\\udc00\\ud800\"")), "unpaired surrogate"),
                Arguments.of("trailing tokens", utf8(user("\"a\":1") + "{}"), "not valid JSON"),
                Arguments.of("a raw control character in a string", utf8(user("\"displayName\":\"a\u0001b\"")), "not valid JSON"));
    }

    /** A user body whose displayName is {@code start} followed by these raw bytes. */
    private static byte[] displayName(String start, byte[] raw) {
        return bytes(utf8("{\"userName\":\"hostile@contoso.com\",\"displayName\":\"" + start), raw, utf8("\"}"));
    }

    /** A user body with {@code extra} members after its userName. */
    private static String user(String extra) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"hostile@contoso.com\"," + extra + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void refusedBodiesAre400InvalidSyntaxAndStoreNothing(String what, byte[] body, String detail) throws IOException {
        for (String path : new String[] {"/scim/v2/Users", "/scim/v2/Groups", "/scim/v2/Users/.search", "/scim/v2/.search",
                "/scim/v2/Bulk"}) {
            JsonNode error = scimError(send("POST", path, body), 400);
            assertThat(error.path("scimType").asText()).as(path).isEqualTo("invalidSyntax");
            assertThat(error.path("detail").asText()).as(path).contains(detail);
        }
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isZero();
        RawHttp.Response admin = adminSend("POST", "/admin/organizations", body);
        assertThat(admin.status()).isEqualTo(400);
        assertThat(json(admin).path("message").asText()).contains(detail);
    }

    @Test
    void depthOf64IsAccepted() throws IOException {
        // 64 levels: the body object, the member's 62 arrays, and the innermost object
        String body = user("\"x\":" + "[".repeat(62) + "{}" + "]".repeat(62));
        assertThat(send("POST", "/scim/v2/Users", utf8(body)).status()).isEqualTo(201);
    }

    @Test
    void wellFormedUnicodeIsAccepted() throws IOException {
        String name = "Zoë 李 \uD83D\uDE00 \u00A0\\ud83d\\ude00";  // 2-, 3- and 4-byte sequences, an escaped pair
        RawHttp.Response created = send("POST", "/scim/v2/Users", utf8(user("\"displayName\":\"" + name + "\"")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(json(created).path("displayName").asText()).isEqualTo("Zoë 李 \uD83D\uDE00 \u00A0\uD83D\uDE00");
    }

    @Test
    void filtersLongerThanTheLimitAre400InvalidFilterQuotingAtMost200Characters() throws IOException {
        String value = "a".repeat(10_000);
        String filter = "userName eq \"" + value + "\"";
        JsonNode inQuery = scimError(send("GET", "/scim/v2/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null), 400);
        assertThat(inQuery.path("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(inQuery.path("detail").asText()).startsWith("The filter is longer than 10000 characters: 'userName eq \"aaa")
                .hasSizeLessThan(300);
        for (String search : new String[] {"/scim/v2/Groups/.search", "/scim/v2/.search"}) {
            JsonNode inSearch = scimError(send("POST", search, utf8(MAPPER.createObjectNode().put("filter", filter).toString())), 400);
            assertThat(inSearch.path("scimType").asText()).as(search).isEqualTo("invalidFilter");
            assertThat(inSearch.path("detail").asText()).as(search).hasSizeLessThan(300);
        }
        JsonNode atRoot = scimError(send("GET", "/scim/v2?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null), 400);
        assertThat(atRoot.path("scimType").asText()).isEqualTo("invalidFilter");
        // the longest accepted filter is parsed and run
        String longest = "userName eq \"" + "a".repeat(10_000 - 14) + "\"";
        assertThat(longest).hasSize(10_000);
        RawHttp.Response accepted = send("GET", "/scim/v2/Users?filter=" + URLEncoder.encode(longest, StandardCharsets.UTF_8), null);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(json(accepted).path("totalResults").asInt()).isZero();
    }

    @Test
    void patchPathsLongerThan1000CharactersAre400InvalidPath() throws IOException {
        String id = MAPPER.readTree(send("POST", "/scim/v2/Users", utf8(user("\"active\":true"))).body()).path("id").asText();
        String path = "emails[type eq \"" + "w".repeat(1000) + "\"].value";
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":"
                + MAPPER.writeValueAsString(path) + ",\"value\":\"x@contoso.com\"}]}";
        JsonNode error = scimError(send("PATCH", "/scim/v2/Users/" + id, utf8(patch)), 400);
        assertThat(error.path("scimType").asText()).isEqualTo("invalidPath");
        assertThat(error.path("detail").asText()).startsWith("Operations[0]: the path is longer than 1000 characters: 'emails[type eq \"www")
                .hasSizeLessThan(300);
        // the same PATCH inside a bulk request fails that operation alone, with the same error
        String bulk = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[{\"method\":\"PATCH\","
                + "\"path\":\"/Users/" + id + "\",\"data\":" + patch + "}]}";
        RawHttp.Response bulkAnswer = send("POST", "/scim/v2/Bulk", utf8(bulk));
        assertThat(bulkAnswer.status()).isEqualTo(200);
        JsonNode operation = json(bulkAnswer).path("Operations").get(0);
        assertThat(operation.path("status").asText()).isEqualTo("400");
        assertThat(operation.path("response").path("scimType").asText()).isEqualTo("invalidPath");
        assertThat(operation.path("response").path("detail").asText()).hasSizeLessThan(300);
        assertThat(data.scimDocument(java.util.UUID.fromString(id)).path("emails").isMissingNode()).isTrue();
    }

    @Test
    void errorDetailsQuoteAtMost200CharactersOfTheInput() throws IOException {
        String garbage = "x".repeat(100_000);
        JsonNode error = scimError(send("POST", "/scim/v2/Users", utf8("{\"userName\":" + garbage + "}")), 400);
        assertThat(error.path("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(error.path("detail").asText()).startsWith("The request body is not valid JSON").hasSizeLessThan(500);
        JsonNode filter = scimError(send("GET", "/scim/v2/Users?filter=" + URLEncoder.encode("userName zz \"" + "y".repeat(5000) + "\"",
                StandardCharsets.UTF_8), null), 400);
        assertThat(filter.path("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(filter.path("detail").asText()).hasSizeLessThan(1100).doesNotContain("y".repeat(201));
    }

    @Test
    void bodiesAboveTheLimitAre413WithContentLengthOrChunked() throws IOException {
        byte[] big = utf8(user("\"displayName\":\"" + "b".repeat(1_048_576) + "\""));
        JsonNode announced = scimError(send("POST", "/scim/v2/Users", big), 413);
        assertThat(announced.path("detail").asText()).isEqualTo("Request body exceeds the limit of 1048576 bytes");
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            http.sendHead("POST", "/scim/v2/Users", scimHeaders(Map.of("Transfer-Encoding", "chunked")), 0);
            sendChunked(http, big);
            RawHttp.Response chunked = http.readResponse();
            JsonNode error = scimError(chunked, 413);
            assertThat(error.path("detail").asText()).isEqualTo("Request body exceeds the limit of 1048576 bytes");
            assertThat(chunked.closes()).isTrue();
        }
        // a chunked body within the limit is read whole and processed
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            byte[] small = utf8(user("\"displayName\":\"chunked\""));
            http.sendHead("POST", "/scim/v2/Users", scimHeaders(Map.of("Transfer-Encoding", "chunked")), 0);
            http.sendBody(bytes(utf8("10\r\n"), java.util.Arrays.copyOfRange(small, 0, 16), utf8("\r\n"),
                    utf8(Integer.toHexString(small.length - 16) + "\r\n"), java.util.Arrays.copyOfRange(small, 16, small.length),
                    utf8("\r\n0\r\n\r\n")));
            RawHttp.Response created = http.readResponse();
            assertThat(created.status()).isEqualTo(201);
            assertThat(json(created).path("displayName").asText()).isEqualTo("chunked");
        }
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(1);
    }

    @Test
    void adminAndTokenBodiesAboveTheirLimitsAre413InTheirOwnErrorShape() throws IOException {
        byte[] big = utf8("{\"name\":\"" + "n".repeat(1_048_576) + "\"}");
        RawHttp.Response admin = adminSend("POST", "/admin/organizations", big);
        assertThat(admin.status()).isEqualTo(413);
        assertThat(admin.headers().get("content-type")).startsWith("application/json");
        assertThat(json(admin).path("message").asText()).isEqualTo("Request body exceeds the limit of 1048576 bytes");
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            http.sendHead("POST", "/admin/organizations", Map.of("Authorization", "Bearer " + platformAdmin(),
                    "Content-Type", "application/json", "Transfer-Encoding", "chunked"), 0);
            sendChunked(http, big);
            RawHttp.Response chunked = http.readResponse();
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(json(chunked).path("message").asText()).isEqualTo("Request body exceeds the limit of 1048576 bytes");
            assertThat(chunked.closes()).isTrue();
        }
        assertThat(data.count("select count(*) from organizations where name like 'nnnn%'")).isZero();
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            RawHttp.Response token = http.exchange("POST", "/oauth/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    utf8("grant_type=client_credentials&client_id=x&client_secret=" + "s".repeat(16 * 1024)));
            assertThat(token.status()).isEqualTo(413);
            assertThat(json(token).path("error").asText()).isEqualTo("invalid_request");
            assertThat(json(token).path("error_description").asText()).isEqualTo("Request body exceeds the limit of 16384 bytes");
            assertThat(token.headers().get("cache-control")).isEqualTo("no-store");
        }
    }

    @Test
    void tokenRequestsThatAreNotFormsOrNotUtf8Are400() throws IOException {
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            RawHttp.Response twice = http.exchange("POST", "/oauth/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    utf8("grant_type=client_credentials&" + "p".repeat(5000) + "=1&" + "p".repeat(5000) + "=2"));
            assertThat(twice.status()).isEqualTo(400);
            assertThat(json(twice).path("error").asText()).isEqualTo("invalid_request");
            assertThat(json(twice).path("error_description").asText()).startsWith("The parameter 'ppp").hasSizeLessThan(300);
        }
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            RawHttp.Response latin1 = http.exchange("POST", "/oauth/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    bytes(utf8("grant_type=client_credentials&client_id="), new byte[] {(byte) 0xE9, (byte) 0xFF}, utf8("&client_secret=%zz")));
            assertThat(latin1.status()).isEqualTo(400);
            assertThat(json(latin1).path("error").asText()).isEqualTo("invalid_request");
        }
    }

    /**
     * A request target that is not an RFC 3986 URI (a bad percent escape, a raw quote, bar or angle
     * bracket) is refused by the HTTP layer before any code of the service runs: 400 with an empty
     * body (README "Hostile input"), on every API alike.
     */
    @Test
    void requestTargetsThatAreNotUrisAre400WithAnEmptyBodyFromTheHttpServer() throws IOException {
        for (String target : new String[] {"/scim/v2/Users?filter=%zz", "/scim/v2/Users/%", "/scim/v2/Users/\"", "/scim/v2/Us|ers",
                "/scim/v2/Groups/<x>"}) {
            RawHttp.Response refused = send("GET", target, null);
            assertThat(refused.status()).as(target).isEqualTo(400);
            assertThat(refused.body()).as(target).isEmpty();
        }
        RawHttp.Response admin = adminSend("GET", "/admin/organizations?x=%zz", null);
        assertThat(admin.status()).isEqualTo(400);
        assertThat(admin.body()).isEmpty();
    }

    @Test
    void unauthenticatedBodiesAreNotRead() throws IOException {
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            http.sendHead("POST", "/scim/v2/Users", Map.of("Content-Type", "application/scim+json", "Transfer-Encoding", "chunked"), 0);
            http.sendBody(utf8("5\r\n{\"a\":\r\n"));
            RawHttp.Response refused = http.readResponse();
            assertThat(scimError(refused, 401).path("detail").asText()).startsWith("Missing or malformed Authorization header");
        }
    }

    /**
     * What Vert.x answers before any code of the service runs (README "Hostile input"): a request line
     * above 16 KiB gets 414 and a header section above 16 KiB 431, both with an empty body, and the
     * connection is closed.
     */
    @Test
    void oversizedRequestLinesAndHeadersAreRefusedByTheHttpServer() throws IOException {
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            RawHttp.Response tooLong = http.exchange("GET", "/scim/v2/Users?filter=" + "a".repeat(16_400), scimHeaders(Map.of()), null);
            assertThat(tooLong.status()).isEqualTo(414);
            assertThat(tooLong.body()).isEmpty();
        }
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            RawHttp.Response tooMany = http.exchange("GET", "/scim/v2/Users", scimHeaders(Map.of("X-Padding", "p".repeat(17_000))), null);
            assertThat(tooMany.status()).isEqualTo(431);
            assertThat(tooMany.body()).isEmpty();
        }
        // just below the limit, the request is served
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            RawHttp.Response fits = http.exchange("GET", "/scim/v2/Users", scimHeaders(Map.of("X-Padding", "p".repeat(15_000))), null);
            assertThat(fits.status()).isEqualTo(200);
        }
    }

    /** The body in 64 KiB chunks, until the service closes the connection (it may answer before the end). */
    private static void sendChunked(RawHttp http, byte[] body) {
        for (int offset = 0; offset < body.length; offset += 65_536) {
            int length = Math.min(65_536, body.length - offset);
            try {
                http.sendBody(bytes(utf8(Integer.toHexString(length) + "\r\n"), java.util.Arrays.copyOfRange(body, offset, offset + length),
                        utf8("\r\n")));
            } catch (IOException closedEarly) {
                return;
            }
        }
    }

    private RawHttp.Response send(String method, String path, byte[] body) throws IOException {
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            return http.exchange(method, path, scimHeaders(Map.of()), body);
        }
    }

    private RawHttp.Response adminSend(String method, String path, byte[] body) throws IOException {
        try (RawHttp http = RawHttp.connect("localhost", RestAssured.port)) {
            return http.exchange(method, path, Map.of("Authorization", "Bearer " + platformAdmin(), "Content-Type", "application/json"), body);
        }
    }

    private Map<String, String> scimHeaders(Map<String, String> more) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + tenant.token());
        headers.put("Content-Type", "application/scim+json");
        headers.putAll(more);
        return headers;
    }

    /** The answer's SCIM error body, after checking the status, media type and error shape. */
    static JsonNode scimError(RawHttp.Response response, int status) throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/scim+json");
        JsonNode error = json(response);
        assertThat(error.path("schemas").get(0).asText()).isEqualTo(ERROR);
        assertThat(error.path("status").isTextual()).isTrue();
        assertThat(error.path("status").asText()).isEqualTo(Integer.toString(status));
        return error;
    }

    static JsonNode json(RawHttp.Response response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
