package dev.provisioning.organization;

import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.security.ApiTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Creating organizations, their default SCIM provider and API keys: shared by the first-run
 * bootstrap and the admin API. Enabling SCIM always creates the default provider (product.md §3.6).
 * Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class OrganizationSetup {
    private final OrganizationRepository organizations;
    private final ScimProviderRepository providers;
    private final ApiKeyRepository keys;

    public OrganizationSetup(OrganizationRepository organizations, ScimProviderRepository providers, ApiKeyRepository keys) {
        this.organizations = organizations;
        this.providers = providers;
        this.keys = keys;
    }

    public record NewOrganization(UUID organizationId, UUID defaultProviderId, OrganizationEntity organization) {
    }

    public record NewApiKey(UUID id, String token, String hint, java.time.OffsetDateTime createdAt) {
    }

    public Uni<NewOrganization> createOrganization(String name, boolean scimEnabled, boolean multiScimEnabled) {
        return organizations.create(name, scimEnabled, multiScimEnabled).chain(organization -> scimEnabled
                ? ensureDefaultProvider(organization.id).map(providerId -> new NewOrganization(organization.id, providerId, organization))
                : Uni.createFrom().item(new NewOrganization(organization.id, null, organization)));
    }

    /** The organization's default provider, created when missing. */
    public Uni<UUID> ensureDefaultProvider(UUID organizationId) {
        return providers.ensureDefault(organizationId);
    }

    /** A new key; the returned token is the only time the secret exists outside the caller. */
    public Uni<NewApiKey> createApiKey(UUID organizationId, UUID providerId, String name, List<String> permissions) {
        String token = ApiTokens.generate();
        return keys.create(organizationId, providerId, name, permissions, ApiTokens.digest(token), ApiTokens.hint(token))
                .map(key -> new NewApiKey(key.id, token, key.hint, key.createdAt));
    }
}
