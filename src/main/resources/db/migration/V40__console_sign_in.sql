-- The admin console's sign-in (product.md §10), kept in the database so that every replica behind a
-- load balancer knows it. Only SHA-256 hashes of the secrets (ticket, session cookie) are stored.

-- One-time sign-in links printed by the first-run bootstrap: valid 15 minutes, usable once.
create table console_sign_in_tickets (
    id              uuid primary key,
    token_hash      bytea not null unique,
    -- what the signed-in administrator may do: the same groups/org an ID token would carry
    groups          text[] not null,
    organization_id uuid,
    subject         text not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    used_at         timestamptz
);
create index console_sign_in_tickets_expiry on console_sign_in_tickets (expires_at);

-- Console sessions: the cookie holds the secret, the row what the session may do. Signing out
-- deletes the row, so a copied cookie stops working at once on every replica.
create table console_sessions (
    id              uuid primary key,
    token_hash      bytea not null unique,
    groups          text[] not null,
    organization_id uuid,
    subject         text not null,
    -- per-session secret that every console form carries (cross-site request forgery protection)
    csrf_token      text not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null
);
create index console_sessions_expiry on console_sessions (expires_at);
