package dev.provisioning.console;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A console session: what the signed-in administrator may do (the groups and organization of its
 * ID token or ticket) and the CSRF token of its forms. The cookie's secret is stored only as its SHA-256.
 */
@Entity
@Table(name = "console_sessions")
public class ConsoleSessionEntity {
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
    @Column(name = "csrf_token", updatable = false)
    public String csrfToken;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "expires_at", updatable = false)
    public OffsetDateTime expiresAt;
}
