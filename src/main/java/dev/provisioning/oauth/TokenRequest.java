package dev.provisioning.oauth;

import dev.provisioning.scim.message.InputQuotes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A token request (RFC 6749 §4.4.2) read and checked: form-encoded body, {@code grant_type} of
 * {@code client_credentials}, the client's credentials either in HTTP Basic (§2.3.1: both parts
 * form-encoded before base64) or as form fields, never in both, no parameter twice (§3.2).
 * {@code scope} is accepted and ignored: a token acts as its client's provider, nothing narrower.
 *
 * @param clientId null when the client id is not one of ours (an unknown client: invalid_client)
 * @param basic    whether the client authenticated with HTTP Basic
 */
record TokenRequest(UUID clientId, String clientSecret, boolean basic) {

    /** A request refused before any client is looked up, with its §5.2 error. */
    static final class Refusal extends Exception {
        final int status;
        final String error;
        final boolean basic;

        Refusal(int status, String error, String description, boolean basic) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
            this.basic = basic;
        }
    }

    static TokenRequest parse(String contentType, String body, String authorization) throws Refusal {
        boolean basic = authorization != null && authorization.strip().regionMatches(true, 0, "Basic ", 0, 6);
        if (contentType == null || !contentType.split(";", 2)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw new Refusal(400, "invalid_request", "Send the token request as application/x-www-form-urlencoded", basic);
        }
        Map<String, String> form = form(body, basic);
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new Refusal(400, "invalid_request", "grant_type is missing; this server issues tokens for client_credentials", basic);
        }
        if (!grantType.equals("client_credentials")) {
            throw new Refusal(400, "unsupported_grant_type", "Only the client_credentials grant is supported", basic);
        }
        String id;
        String secret;
        if (basic) {
            if (form.containsKey("client_id") || form.containsKey("client_secret")) {
                throw new Refusal(400, "invalid_request", "Authenticate the client with HTTP Basic or with form fields, not both", true);
            }
            String[] credentials = basicCredentials(authorization.strip().substring(6).strip());
            id = credentials[0];
            secret = credentials[1];
        } else {
            id = form.get("client_id");
            secret = form.get("client_secret");
            if (id == null || secret == null) {
                throw new Refusal(401, "invalid_client", "Client authentication is missing: send client_id and client_secret"
                        + " (form fields or HTTP Basic)", false);
            }
        }
        return new TokenRequest(TokenResource.uuid(id.strip()).orElse(null), secret, basic);
    }

    private static Map<String, String> form(String body, boolean basic) throws Refusal {
        Map<String, String> form = new HashMap<>();
        if (body.isBlank()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                throw new Refusal(400, "invalid_request", "The form body is not valid application/x-www-form-urlencoded", basic);
            }
            if (form.put(name, value) != null) {
                throw new Refusal(400, "invalid_request", "The parameter '" + InputQuotes.quote(name) + "' is sent more than once", basic);
            }
        }
        return form;
    }

    private static String[] basicCredentials(String encoded) throws Refusal {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new Refusal(401, "invalid_client", "The Basic credentials are not base64", true);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new Refusal(401, "invalid_client", "The Basic credentials must be client_id:client_secret", true);
        }
        try {
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException malformed) {
            throw new Refusal(401, "invalid_client", "The Basic credentials are not form-encoded", true);
        }
    }
}
