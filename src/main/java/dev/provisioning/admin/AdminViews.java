package dev.provisioning.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The JSON shapes of the admin API (product.md §5). Jackson writes these records by reflection;
 * the annotation registers every nested record for it in the native executable, including those
 * only ever returned inside a {@code Response} or an error body, which Quarkus cannot discover.
 */
@RegisterForReflection
public final class AdminViews {
    private AdminViews() {
    }

    public record Organization(UUID id, String name, boolean scimEnabled, boolean multiScimEnabled, OffsetDateTime createdAt) {
    }

    /** A key as created: the only answer that carries the token. */
    public record NewApiKey(UUID id, String name, @JsonInclude(JsonInclude.Include.NON_NULL) UUID scimProviderId,
            List<String> permissions, String token, String hint, OffsetDateTime createdAt) {
    }

    public record ApiKey(UUID id, String name, List<String> permissions, String hint, OffsetDateTime createdAt,
            OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
    }

    /**
     * A provider with its activity (product.md §5, §8.1): {@code entraTenantId} is the Entra tenant whose
     * own tokens act as the provider (product.md §11), null when none; {@code lastActivityAt} is the time of
     * its newest provisioning event (null before its first SCIM write), {@code last24h} counts its SCIM
     * writes of the last 24 hours and how many of them failed.
     */
    public record ScimProvider(UUID id, String name, @JsonProperty("default") boolean isDefault, String scimBaseUrl,
            UUID defaultTeamId, List<UUID> teamIds, OffsetDateTime createdAt, String entraTenantId,
            OffsetDateTime lastActivityAt, Activity last24h) {
    }

    public record Activity(long writes, long failures) {
    }

    public record Team(UUID id, String name, UUID scimProviderId) {
    }

    public record User(UUID id, String email, String displayName, String role, boolean active, UUID scimProviderId,
            boolean scimDeleted, List<UUID> teamIds, OffsetDateTime createdAt) {
    }

    public record Event(long id, OffsetDateTime time, String operation, String resourceType, UUID resourceId, String outcome,
            int status, List<String> attributes, String detail, UUID apiKeyId) {
    }

    public record EventPage(List<Event> items, Long next) {
    }

    /** A member that blocks a team assignment: linked to another provider. */
    public record LinkConflict(UUID userId, String email, UUID linkedProviderId) {
    }

    /** A user in teams managed by more than one provider: no provider may claim it until an admin resolves it. */
    public record ScopeConflict(UUID userId, String email, UUID linkedProviderId, List<ManagedTeam> teams) {
    }

    public record ManagedTeam(UUID teamId, String name, UUID scimProviderId) {
    }

    public record ProviderRef(UUID id, String name) {
    }
}
