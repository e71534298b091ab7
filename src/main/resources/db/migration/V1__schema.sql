-- Product model of product.md §2. Every SCIM lookup Entra makes is served by an index here.

create table organizations (
    id                 uuid primary key,
    name               text not null,
    scim_enabled       boolean not null default false,
    multi_scim_enabled boolean not null default false,
    created_at         timestamptz not null default now()
);

create table teams (
    id               uuid primary key,
    organization_id  uuid not null references organizations (id),
    name             text not null,
    -- the SCIM provider that manages this team (product.md §3.5); null = not managed by SCIM
    scim_provider_id uuid,
    external_id      text,
    created_at       timestamptz not null default now(),
    last_modified    timestamptz not null default now(),
    version          bigint not null default 1
);

create table scim_providers (
    id               uuid primary key,
    organization_id  uuid not null references organizations (id),
    name             text not null,
    is_default       boolean not null default false,
    default_team_id  uuid references teams (id) on delete set null,
    created_at       timestamptz not null default now()
);
-- exactly one default provider per organization
create unique index scim_providers_one_default on scim_providers (organization_id) where is_default;
create index scim_providers_org on scim_providers (organization_id);

alter table teams add constraint teams_scim_provider_fk foreign key (scim_provider_id) references scim_providers (id);
create index teams_org on teams (organization_id);
-- displayName unique (ignoring case) among the Groups one provider sees (product.md §3.5)
create unique index teams_provider_display_name on teams (scim_provider_id, lower(name)) where scim_provider_id is not null;
create index teams_provider_external_id on teams (scim_provider_id, external_id) where scim_provider_id is not null;

create table api_keys (
    id               uuid primary key,
    organization_id  uuid not null references organizations (id),
    -- null: an organization key (permissions apply); set: a provider key acting only as that provider
    scim_provider_id uuid references scim_providers (id),
    name             text not null,
    permissions      text[] not null default '{}',
    -- SHA-256 of the secret; the secret itself is never stored
    token_hash       bytea not null unique,
    hint             text not null,
    created_at       timestamptz not null default now(),
    last_used_at     timestamptz,
    revoked_at       timestamptz
);
create index api_keys_org on api_keys (organization_id);
create index api_keys_provider on api_keys (scim_provider_id) where scim_provider_id is not null;

create table users (
    id               uuid primary key,
    organization_id  uuid not null references organizations (id),
    -- product email: for linked users the SCIM work email (product.md §3.1); stored exactly as sent
    email            text not null,
    display_name     text,
    role             text not null default 'regular' check (role in ('limited', 'regular', 'admin')),
    active           boolean not null default true,
    -- the SCIM provider that owns this user; null = not linked
    scim_provider_id uuid references scim_providers (id),
    -- set when a SCIM DELETE unlinked the user: hidden from every provider until a POST re-claims it
    scim_deleted     boolean not null default false,
    -- the SCIM document as the provider sees it (attributes it last wrote, or the synthesized
    -- view of a product user); id and meta are not stored in it
    scim             jsonb not null,
    -- columns promoted from the document for indexed lookups, kept equal to it on every write
    user_name        text not null,
    external_id      text,
    created_at       timestamptz not null default now(),
    last_modified    timestamptz not null default now(),
    version          bigint not null default 1
);
-- email unique per organization, ignoring case and surrounding blanks (product.md §3.1)
create unique index users_org_email on users (organization_id, lower(btrim(email)));
-- userName unique, ignoring case, among the users linked to one provider
create unique index users_provider_user_name on users (scim_provider_id, lower(user_name)) where scim_provider_id is not null;
create index users_org_user_name on users (organization_id, lower(user_name));
create index users_org_external_id on users (organization_id, external_id);
create index users_provider on users (scim_provider_id, created_at, id);
create index users_org_created on users (organization_id, created_at, id);

-- all email values of a SCIM document, lower-cased and trimmed: backs emails.value lookups
create function scim_email_values(doc jsonb) returns text[]
    language sql immutable parallel safe
    return coalesce((select array_agg(lower(btrim(e ->> 'value')))
                     from jsonb_array_elements(case when jsonb_typeof(doc -> 'emails') = 'array'
                                                    then doc -> 'emails' else '[]'::jsonb end) e
                     where e ->> 'value' is not null), '{}');
create index users_email_values on users using gin (scim_email_values(scim));

create table team_members (
    team_id    uuid not null references teams (id),
    user_id    uuid not null references users (id),
    created_at timestamptz not null default now(),
    primary key (team_id, user_id)
);
create index team_members_user on team_members (user_id, team_id);

create table provisioning_events (
    id               bigserial primary key,
    organization_id  uuid not null,
    scim_provider_id uuid not null,
    api_key_id       uuid,
    resource_type    text not null,
    resource_id      uuid,
    operation        text not null,
    attributes       text[] not null default '{}',
    outcome          text not null,
    status           int not null,
    detail           text,
    created_at       timestamptz not null default now()
);
create index provisioning_events_provider on provisioning_events (scim_provider_id, id desc);
