package dev.provisioning.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An OAuth 2.0 client of one SCIM provider (product.md §11): its id is the {@code client_id}; only the
 * SHA-256 of its secret is stored. A deleted client keeps its row with {@link #deletedAt} set.
 */
@Entity
@Table(name = "oauth_clients")
public class OAuthClientEntity {
    @Id
    public UUID id;
    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;
    @Column(name = "scim_provider_id", updatable = false)
    public UUID scimProviderId;
    public String name;
    @Column(name = "secret_hash", updatable = false)
    public byte[] secretHash;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;
}
