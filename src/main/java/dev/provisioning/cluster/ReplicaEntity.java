package dev.provisioning.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A running replica of the service and when it last said it was alive. */
@Entity
@Table(name = "scim_replicas")
public class ReplicaEntity {
    @Id
    public UUID id;
    @Column(name = "started_at", updatable = false)
    public OffsetDateTime startedAt;
    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;
}
