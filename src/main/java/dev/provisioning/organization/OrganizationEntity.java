package dev.provisioning.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One customer account (product.md §2) with its two add-on switches. */
@Entity
@Table(name = "organizations")
public class OrganizationEntity {
    @Id
    public UUID id;
    public String name;
    @Column(name = "scim_enabled")
    public boolean scimEnabled;
    @Column(name = "multi_scim_enabled")
    public boolean multiScimEnabled;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
}
