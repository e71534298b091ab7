package dev.provisioning.admin;

import java.util.List;
import java.util.UUID;

/**
 * The request bodies of the admin API, for the OpenAPI document (/q/openapi). The resources read
 * bodies as JSON trees ({@link AdminBodies}) so that an absent field and an explicit null differ
 * and every 400 names its field; these records only describe the accepted shapes.
 */
public final class AdminRequests {
    private AdminRequests() {
    }

    public record CreateOrganization(String name, Boolean scimEnabled, Boolean multiScimEnabled) {
    }

    /** Flags need platform-admin. */
    public record UpdateOrganization(String name, Boolean scimEnabled, Boolean multiScimEnabled) {
    }

    public record CreateApiKey(String name, List<String> permissions) {
    }

    public record CreateProviderKey(String name) {
    }

    public record Named(String name) {
    }

    /** {@code defaultTeamId: null} clears the default team; an absent field keeps it. */
    public record UpdateProvider(String name, UUID defaultTeamId, UUID entraTenantId) {
    }

    /** {@code scimProviderId: null} makes the team unmanaged; the field is required. */
    public record AssignProvider(UUID scimProviderId) {
    }

    public record CreateUser(String email, String displayName, String role) {
    }
}
