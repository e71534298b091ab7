package dev.provisioning.console;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A one-time sign-in link of the first-run bootstrap: what it signs in as, until when, and whether it was used. */
@Entity
@Table(name = "console_sign_in_tickets")
public class ConsoleSignInTicketEntity {
    @Id
    public UUID id;
    @Column(name = "token_hash", updatable = false)
    public byte[] tokenHash;
    @Column(updatable = false)
    public String[] groups;
    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;
    @Column(updatable = false)
    public String subject;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "expires_at", updatable = false)
    public OffsetDateTime expiresAt;
    @Column(name = "used_at")
    public OffsetDateTime usedAt;
}
