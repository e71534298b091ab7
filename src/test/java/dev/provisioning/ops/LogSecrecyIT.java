package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.support.Eventually;
import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.ProcessTenant;
import dev.provisioning.support.ServiceProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * product.md §8.2 on the production build: the whole log of a full Entra sequence — connection
 * test, lookups by email, create, both PATCH dialects, PUT, groups and members, deactivate,
 * delete, and failures: a duplicate, a bad filter, malformed JSON, bad and revoked tokens, a key
 * listing that shows a hint — is JSON, one object per line, has exactly one access line per
 * request with the echoed request id, and contains no token, JWT, credential, email, name or
 * query string.
 */
class LogSecrecyIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EMAIL = "Amelia.Secretwood@Contoso.example";
    private static final String NEW_EMAIL = "amelia.oakheart@contoso.example";
    private static final String NAME = "Amelia Secretwood";

    private final List<String> requestIds = new ArrayList<>();

    @Test
    void fullEntraSequenceLeavesNoSecretInTheLog() throws IOException {
        try (PostgresServer postgres = PostgresServer.start();
                ServiceProcess service = ServiceProcess.builder("log-secrecy").database(postgres.createDatabase()).start()
                        .awaitReady()) {
            String base = service.baseUri().toString();
            String platformJwt = ProcessTenant.platformAdminToken();
            ProcessTenant tenant = ProcessTenant.create(base, "Contoso secrecy");
            String orgKeysPath = "/admin/organizations/" + tenant.organizationId() + "/api-keys";
            String revokedToken = tenant.admin().body("{\"name\":\"to revoke\",\"permissions\":[\"manage_users\"]}")
                    .post(orgKeysPath).then().statusCode(201).extract().path("token");
            String revokedId = tenant.admin().get(orgKeysPath).then().statusCode(200)
                    .extract().path("find { it.name == 'to revoke' }.id");
            tenant.admin().delete(orgKeysPath + "/" + revokedId).then().statusCode(204);
            String unknownToken = "scim_" + UUID.randomUUID().toString().replace("-", "") + "Zq9";
            String basicCredential = Base64.getEncoder().encodeToString((EMAIL + ":Pa55word!").getBytes(StandardCharsets.UTF_8));
            int before = service.log().size();

            Function<RequestSpecification, RequestSpecification> scim = spec -> spec.baseUri(base)
                    .contentType("application/scim+json");
            // Entra's connection test and lookups; the first one arrives inside a caller's trace
            String traceId = UUID.randomUUID().toString().replace("-", "");
            call(tenant.scim().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .queryParam("filter", "userName eq \"" + UUID.randomUUID() + "\""), "GET", "/scim/v2/Users", 200);
            String tracedRequestId = requestIds.get(0);
            call(tenant.scim().queryParam("filter", "emails[type eq \"work\"].value eq \"" + EMAIL + "\""), "GET", "/scim/v2/Users", 200);
            call(tenant.scim().queryParam("filter", "userName eq \"" + EMAIL + "\""), "GET", "/scim/v2/Users", 200);
            String userId = call(tenant.scim().body(entraUser(EMAIL)), "POST", "/scim/v2/Users", 201).path("id");
            call(tenant.scim().body(entraUser(EMAIL)), "POST", "/scim/v2/Users", 409);
            call(tenant.scim().body(fixture("patch-default-dialect.json").replace("jane.smith@contoso.com", NEW_EMAIL)),
                    "PATCH", "/scim/v2/Users/" + userId, 200);
            call(tenant.scim().body(fixture("patch-flag-dialect.json").replace("jane.smith@contoso.com", NEW_EMAIL)
                    .replace("Jane Smith", NAME)), "PATCH", "/scim/v2/providers/" + tenant.providerId() + "/Users/" + userId, 200);
            call(tenant.scim().body(entraUser(NEW_EMAIL)), "PUT", "/scim/v2/Users/" + userId, 200);
            call(tenant.scim(), "GET", "/scim/v2/Users/" + userId, 200);
            call(tenant.scim().queryParam("filter", "userName xx \"" + EMAIL + "\""), "GET", "/scim/v2/Users", 400);
            call(tenant.scim().body("{\"userName\": \"" + EMAIL + "\", "), "POST", "/scim/v2/Users", 400);
            String groupId = call(tenant.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Secret Project Talent\",\"members\":[{\"value\":\"" + userId + "\"}]}"),
                    "POST", "/scim/v2/Groups", 201).path("id");
            call(tenant.scim().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                    + "{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + userId + "\\\"]\"}]}"),
                    "PATCH", "/scim/v2/Groups/" + groupId, 204);
            call(tenant.scim().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}"),
                    "PATCH", "/scim/v2/Users/" + userId, 200);
            call(tenant.scim(), "DELETE", "/scim/v2/Users/" + userId, 204);
            call(tenant.scim(), "GET", "/scim/v2/Users/" + userId, 404);
            // refused callers
            call(scim.apply(io.restassured.RestAssured.given()), "GET", "/scim/v2/Users", 401);
            call(scim.apply(io.restassured.RestAssured.given().header("Authorization", "Bearer " + unknownToken)), "GET",
                    "/scim/v2/Users", 401);
            call(scim.apply(io.restassured.RestAssured.given().header("Authorization", "Bearer " + revokedToken)), "GET",
                    "/scim/v2/Users", 401);
            call(scim.apply(io.restassured.RestAssured.given().header("Authorization", "Bearer " + platformJwt)), "GET",
                    "/scim/v2/Users", 401);
            call(scim.apply(io.restassured.RestAssured.given().header("Authorization", "Basic " + basicCredential)), "GET",
                    "/scim/v2/Users", 401);
            call(ProcessTenant.admin(base, tenant.token()), "GET", "/admin/organizations", 401);
            // the admin side: keys with their hints, providers, events
            call(tenant.admin(), "GET", orgKeysPath, 200);
            call(tenant.admin(), "GET", "/admin/organizations/" + tenant.organizationId() + "/users", 200);
            call(tenant.admin(), "GET", "/admin/organizations/" + tenant.organizationId() + "/scim-providers/"
                    + tenant.providerId() + "/events", 200);

            List<JsonNode> lines = awaitAccessLines(service, before);
            List<String> text = service.log();
            List<String> secrets = List.of(tenant.token(), revokedToken, unknownToken, basicCredential,
                    platformJwt.split("\\.")[1], platformJwt.split("\\.")[2], "Pa55word",
                    "@contoso", "jane.doe", "amelia", "secretwood", "oakheart", "secret project", "+44 20 7946", "\"hint\"");
            for (String line : text) {
                String lower = line.toLowerCase(Locale.ROOT);
                for (String secret : secrets) {
                    assertThat(lower).as("log line must not contain «%s»", secret).doesNotContain(secret.toLowerCase(Locale.ROOT));
                }
            }
            for (String line : text.subList(before, text.size())) {
                assertThat(line).as("no query string, no authorization header").doesNotContain("filter", "userName eq", "Bearer");
            }
            for (String line : text.subList(before, text.size())) {
                assertThat(parse(line)).as("one JSON object per line: " + line).isNotNull();
            }
            // no exporter is configured: spans are not recorded, yet the caller's trace id reaches the request's log lines
            List<JsonNode> traced = lines.stream().filter(line -> tracedRequestId.equals(line.path("mdc").path("requestId").asText()))
                    .toList();
            assertThat(traced).hasSize(1);
            assertThat(traced.get(0).path("mdc").path("traceId").asText()).isEqualTo(traceId);
            assertThat(traced.get(0).path("mdc").path("sampled").asText()).isEqualTo("false");
            // the start-up is quiet: no warning (e.g. a meter registered twice), no error
            for (String line : text.subList(0, before)) {
                JsonNode json = parse(line);
                if (json != null) {
                    assertThat(json.path("level").asText()).as(line).isNotIn("WARN", "WARNING", "ERROR", "SEVERE");
                }
            }
            for (String requestId : requestIds) {
                List<JsonNode> access = lines.stream().filter(line -> requestId.equals(line.path("mdc").path("requestId").asText()))
                        .toList();
                assertThat(access).as("access lines of " + requestId).hasSize(1);
                assertThat(access.get(0).path("mdc").path("route").asText()).doesNotContain("?", "@");
            }
        }
    }

    private Response call(RequestSpecification spec, String method, String path, int status) {
        String requestId = "secrecy-" + (requestIds.size() + 1) + "-" + UUID.randomUUID();
        requestIds.add(requestId);
        Response response = spec.header("X-Request-Id", requestId).request(method, path);
        response.then().statusCode(status).header("X-Request-Id", requestId);
        return response;
    }

    private List<JsonNode> awaitAccessLines(ServiceProcess service, int from) {
        return Eventually.await(Duration.ofSeconds(20), () -> {
            List<JsonNode> access = new ArrayList<>();
            List<String> log = service.log();
            for (String line : log.subList(from, log.size())) {
                JsonNode json = parse(line);
                if (json != null && "scim.access".equals(json.path("loggerName").asText())
                        && json.path("mdc").path("requestId").asText().startsWith("secrecy-")) {
                    access.add(json);
                }
            }
            return access;
        }, access -> access.size() >= requestIds.size());
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String entraUser(String email) {
        return fixture("create-user.json").replace("jane.doe@contoso.com", email)
                .replace("jane.doe@contoso.onmicrosoft.com", email).replace("Jane Doe", NAME);
    }

    private static String fixture(String name) {
        try (var in = LogSecrecyIT.class.getResourceAsStream("/entra/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
