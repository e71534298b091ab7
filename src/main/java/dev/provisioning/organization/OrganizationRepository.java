package dev.provisioning.organization;

import dev.provisioning.persistence.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code organizations} table: customer accounts and their add-on switches. */
@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<OrganizationEntity, UUID> {

    public Uni<OrganizationEntity> create(String name, boolean scimEnabled, boolean multiScimEnabled) {
        OrganizationEntity organization = new OrganizationEntity();
        organization.id = UUID.randomUUID();
        organization.name = name;
        organization.scimEnabled = scimEnabled;
        organization.multiScimEnabled = multiScimEnabled;
        organization.createdAt = Timestamps.now();
        return persist(organization).call(this::flush);
    }

    /**
     * The organization with this id; {@code lock} locks its row {@code for update}, which serialises
     * the admin changes that check and change an organization's providers (flags, provider creation
     * and deletion).
     */
    public Uni<Optional<OrganizationEntity>> find(UUID id, boolean lock) {
        var query = find("id", id);
        return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResult().map(Optional::ofNullable);
    }

    /** Every organization, oldest first. */
    public Uni<List<OrganizationEntity>> listAll() {
        return listAll(Sort.by("createdAt").and("id"));
    }
}
