-- The running replicas of the service (product.md §9, "Several replicas"): each records itself and renews
-- heartbeat_at every scim.database.heartbeat-interval; the per-provider rate limit is shared among those
-- seen recently. Rows of replicas gone for long are removed by the others.
create table scim_replicas (
    id           uuid primary key,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null
);
