package dev.provisioning.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.persistence.JsonTreeMutability;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;

/**
 * A product account (product.md §2) and, when linked, the SCIM document its provider last wrote.
 * The document is one {@code jsonb} column; the columns promoted from it for indexed lookups
 * ({@code email}, {@code user_name}, {@code external_id}, {@code display_name}, {@code active}) are
 * kept equal to it on every write (see {@link UserDocument}).
 */
@Entity
@Table(name = "users")
public class UserEntity {
    @Id
    public UUID id;
    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;
    public String email;
    @Column(name = "display_name")
    public String displayName;
    public String role;
    public boolean active;
    @Column(name = "scim_provider_id")
    public UUID scimProviderId;
    @Column(name = "scim_deleted")
    public boolean scimDeleted;
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(JsonTreeMutability.class)
    public ObjectNode scim;
    @Column(name = "user_name")
    public String userName;
    @Column(name = "external_id")
    public String externalId;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "last_modified")
    public OffsetDateTime lastModified;
    public long version;
}
