package dev.provisioning.event;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The append-only record of one SCIM write (product.md §2): who (provider, key), what (resource,
 * operation, attribute names — never values), when, and the outcome.
 */
@Entity
@Table(name = "provisioning_events")
public class ProvisioningEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "organization_id")
    public UUID organizationId;
    @Column(name = "scim_provider_id")
    public UUID scimProviderId;
    @Column(name = "api_key_id")
    public UUID apiKeyId;
    @Column(name = "resource_type")
    public String resourceType;
    @Column(name = "resource_id")
    public UUID resourceId;
    public String operation;
    public String[] attributes;
    public String outcome;
    public int status;
    public String detail;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
