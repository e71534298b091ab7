-- Scenario a′: the physical limit of the matching query. This is, character for character, the
-- statement the service sends for GET /Users?filter=emails[type eq "work"].value eq "<email>"
-- (UserRepository.search with UserRepository.scope(false), the user's groups read in the same
-- statement, and FilterSqlTranslator's translation of the filter), with the same binds:
-- organization, provider, "work" (here a literal: pgbench variables are numbers), the email
-- (built from the random n) twice. pgbench -M prepared prepares it once per
-- connection, as the service's reactive client does (quarkus.datasource.reactive.cache-prepared-statements).
-- Variables: -D users=<n> -D org=<organization uuid> -D provider=<provider uuid>.
-- run.sh checks it against the statement the service really executes (PostgreSQL's log during a
-- probe request, bench/lookup_sql.py) and, when the code has changed it, runs the captured one.
\set n random(1, :users)
select u.id, u.organization_id, u.email, u.display_name, u.role, u.active, u.scim_provider_id, u.scim_deleted, u.scim::text, u.user_name, u.external_id, u.created_at, u.last_modified, u.version, true, (select coalesce(json_agg(json_build_array(t.id::text, t.name) order by t.name, t.id), '[]'::json)::text from team_members tm join teams t on t.id = tm.team_id where tm.user_id = u.id and t.scim_provider_id = :provider) from users u where u.organization_id::text = :org::uuid::text and not u.scim_deleted and (u.scim_provider_id = :provider or (u.scim_provider_id is null and true)) and ((exists (select 1 from jsonb_array_elements(case when jsonb_typeof(u.scim->'emails') = 'array' then u.scim->'emails' else '[]'::jsonb end) e1 where (lower((case when jsonb_typeof(e1->'type') = 'string' then e1->'type' #>> '{}' end)) = lower('work'::text) and lower(btrim((case when jsonb_typeof(e1->'value') = 'string' then e1->'value' #>> '{}' end))) = lower(btrim(('user' || :n || '@bench.example')::text)))) and scim_email_values(u.scim) @> ARRAY[lower(btrim(('user' || :n || '@bench.example')::text))])) order by u.created_at, u.id limit 100;
