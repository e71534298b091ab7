package dev.provisioning.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect provider for the console's tests, on loopback: discovery, a sign-in page
 * where the browser types an account's email (as at a real identity provider), the token endpoint
 * (authorization code, client_secret_basic) and the signing keys. ID tokens carry the account's
 * {@code groups} and {@code org} claims.
 */
public final class TestIdentityProvider {
    public static final String CLIENT_ID = "scim-console";
    public static final String CLIENT_SECRET = "test-client-secret-0123456789";

    /** An account of the identity provider: what its ID token says. */
    public record Account(String email, Set<String> groups, String org) {
    }

    private static volatile TestIdentityProvider running;

    private final HttpServer server;
    private final KeyPair keys;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

    private TestIdentityProvider() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", this::jwks);
        server.createContext("/test/accounts", this::registerAccount);
        server.start();
    }

    public static synchronized TestIdentityProvider start() throws IOException {
        if (running == null) {
            running = new TestIdentityProvider();
        }
        return running;
    }

    public static synchronized void stop() {
        if (running != null) {
            running.server.stop(0);
            running = null;
        }
    }

    public String issuer() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /**
     * Registers (or replaces), at the provider whose issuer is {@code issuer}, the account that signs
     * in with {@code email}. Over HTTP, since the tests and the test resource that started the
     * provider may live in different class loaders.
     */
    public static void registerAccount(String issuer, String email, Set<String> groups, String org) {
        String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&groups="
                + URLEncoder.encode(String.join(",", groups), StandardCharsets.UTF_8)
                + (org == null ? "" : "&org=" + URLEncoder.encode(org, StandardCharsets.UTF_8));
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(issuer + "/test/accounts"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("The test identity provider answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void registerAccount(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String email = form.get("email");
        Set<String> groups = form.getOrDefault("groups", "").isEmpty() ? Set.of() : Set.of(form.get("groups").split(","));
        accounts.put(email.toLowerCase(), new Account(email, groups, form.get("org")));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String issuer = issuer();
        send(exchange, 200, "application/json", """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token","jwks_uri":"%1$s/jwks",
                 "response_types_supported":["code"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                 "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]}""".formatted(issuer));
    }

    /** GET: the sign-in page; POST: the typed email signs in and the browser goes back with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            StringBuilder hidden = new StringBuilder();
            for (String name : new String[] {"client_id", "redirect_uri", "state", "nonce"}) {
                if (query.containsKey(name)) {
                    hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(query.get(name)))
                            .append("\">");
                }
            }
            send(exchange, 200, "text/html; charset=utf-8", """
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
                    <body><main><h1>Test identity provider</h1><form method="post" action="/authorize">%s
                    <label for="email">Email</label> <input id="email" name="email" type="email">
                    <button type="submit">Continue</button></form></main></body></html>""".formatted(hidden));
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || form.get("redirect_uri") == null) {
            send(exchange, 400, "text/plain", "unknown client or no redirect_uri");
            return;
        }
        Account account = accounts.get(String.valueOf(form.get("email")).toLowerCase());
        if (account == null) {
            send(exchange, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html lang=\"en\"><head><title>Unknown account</title></head>"
                    + "<body><main><h1>Unknown account</h1></main></body></html>");
            return;
        }
        String code = UUID.randomUUID().toString();
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put("email", account.email());
        grant.put("redirect_uri", form.get("redirect_uri"));
        if (form.get("nonce") != null) {
            grant.put("nonce", form.get("nonce"));
        }
        codes.put(code, grant);
        String location = form.get("redirect_uri") + (form.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + code
                + (form.get("state") == null ? "" : "&state=" + URLEncoder.encode(form.get("state"), StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean clientOk = expected.equals(basic) || (CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret")));
        Map<String, String> grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (!clientOk) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (grant == null || !"authorization_code".equals(form.get("grant_type")) || !grant.get("redirect_uri").equals(form.get("redirect_uri"))) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Account account = accounts.get(grant.get("email").toLowerCase());
        var claims = Jwt.issuer(issuer()).audience(CLIENT_ID).subject("sub-" + account.email()).claim("email", account.email())
                .groups(account.groups()).expiresIn(300);
        if (account.org() != null) {
            claims.claim("org", account.org());
        }
        if (grant.containsKey("nonce")) {
            claims.claim("nonce", grant.get("nonce"));
        }
        String idToken = claims.jws().keyId("test-idp").sign(keys.getPrivate());
        send(exchange, 200, "application/json", """
                {"access_token":"opaque-%s","token_type":"Bearer","expires_in":300,"id_token":"%s"}"""
                .formatted(UUID.randomUUID(), idToken));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        send(exchange, 200, "application/json", """
                {"keys":[{"kty":"RSA","kid":"test-idp","use":"sig","alg":"RS256","n":"%s","e":"%s"}]}"""
                .formatted(base64Url(key.getModulus()), base64Url(key.getPublicExponent())));
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
