package dev.provisioning.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Optional;

/**
 * Whether a bearer token is a JWT (three base64url parts) and, if so, the issuer it claims. Nothing
 * here is verified: it only routes the token to the authenticator that verifies it. API keys
 * ({@code scim_…}, base64url) never contain a dot.
 */
final class JwtShape {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtShape() {
    }

    static Optional<String> issuer(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(first + 1, second)));
            JsonNode issuer = payload == null ? null : payload.get("iss");
            return Optional.of(issuer != null && issuer.isTextual() ? issuer.textValue() : "");
        } catch (Exception notAJwt) {
            return Optional.of("");
        }
    }
}
