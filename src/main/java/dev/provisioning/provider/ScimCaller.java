package dev.provisioning.provider;

import java.util.UUID;

/**
 * The authenticated SCIM caller of one request: the provider it acts as (its scope) and the base
 * path it called ({@code /scim/v2} or {@code /scim/v2/providers/{id}}), for {@code meta.location}.
 */
public record ScimCaller(UUID organizationId, UUID providerId, UUID apiKeyId, boolean multiScim, String baseUrl) {
}
