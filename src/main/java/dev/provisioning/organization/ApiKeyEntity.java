package dev.provisioning.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A secret bearer token (product.md §2): an organization key with permissions, or a provider key
 * ({@link #scimProviderId} set) acting only as that provider. Only the SHA-256 of the secret is stored.
 */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {
    @Id
    public UUID id;
    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;
    @Column(name = "scim_provider_id", updatable = false)
    public UUID scimProviderId;
    public String name;
    public String[] permissions;
    @Column(name = "token_hash", updatable = false)
    public byte[] tokenHash;
    @Column(updatable = false)
    public String hint;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
}
