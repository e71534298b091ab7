package dev.provisioning.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A team of the product, which SCIM sees as a Group when a provider manages it (product.md §3.5).
 * Its members are the join table {@code team_members}, reached only through set-based statements
 * of {@link TeamRepository} (a team may have 100 000 of them: they are never loaded as a collection).
 */
@Entity
@Table(name = "teams")
public class TeamEntity {
    @Id
    public UUID id;
    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;
    public String name;
    @Column(name = "scim_provider_id")
    public UUID scimProviderId;
    @Column(name = "external_id")
    public String externalId;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "last_modified")
    public OffsetDateTime lastModified;
    public long version;
}
