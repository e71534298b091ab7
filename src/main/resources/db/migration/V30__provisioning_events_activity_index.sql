-- A provider's activity for the admin API (product.md §5, §8.1): the time of its newest event and
-- its writes and failures of the last 24 hours. Ordered by time within the provider, carrying what
-- the query filters and counts on, so both answers are read from this index alone (the newest
-- entry; the last day's range), never by scanning all of a provider's events.
create index provisioning_events_provider_time
    on provisioning_events (scim_provider_id, created_at)
    include (organization_id, outcome);
