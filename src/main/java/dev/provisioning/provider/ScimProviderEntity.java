package dev.provisioning.provider;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One connected identity source (one Entra tenant) of an organization (product.md §2). Foreign keys
 * are plain ids: every read names the organization, and nothing is ever loaded lazily.
 */
@Entity
@Table(name = "scim_providers")
public class ScimProviderEntity {
    @Id
    public UUID id;
    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;
    public String name;
    @Column(name = "is_default")
    public boolean isDefault;
    @Column(name = "default_team_id")
    public UUID defaultTeamId;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    /** The Entra tenant whose own tokens act as this provider (product.md §11); null: none. */
    @Column(name = "entra_tenant_id")
    public String entraTenantId;
}
