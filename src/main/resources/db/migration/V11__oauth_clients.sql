-- product.md §11: OAuth 2.0 client credentials (RFC 6749 §4.4) per SCIM provider. The secret is shown
-- once and only its SHA-256 is kept, as for API keys. A deleted client keeps its row with deleted_at set,
-- so that every replica's poll of recent deletions sees it (its tokens stop within a second); for the
-- same reason there is no foreign key to scim_providers: deleting a provider marks its clients deleted.
create table oauth_clients (
    id               uuid primary key,
    organization_id  uuid not null references organizations (id),
    scim_provider_id uuid not null,
    name             text not null,
    secret_hash      bytea not null,
    created_at       timestamptz not null,
    deleted_at       timestamptz
);
create index oauth_clients_provider on oauth_clients (scim_provider_id) where deleted_at is null;
create index oauth_clients_deleted on oauth_clients (deleted_at) where deleted_at is not null;
