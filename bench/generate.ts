import pg from 'pg';
import { createDbFromConfig } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/lib/passwords';
import { CYR, EN } from './text';

/*
 * A synthetic archive at any scale, built inside PostgreSQL with generate_series: one
 * INSERT … SELECT per table, no row-by-row round trips. Deterministic: the same --claims
 * gives the same data. Shape per dispute does not change with scale (2–4 positions,
 * 12–36 claims, ~24 on average, half of them linked), so pages can be compared across scales.
 */

export const GENERATOR_VERSION = 4;
export const BENCH_EDITOR = { email: 'bench-editor@example.org', password: 'bench editor password 2026', name: 'Bench Editor' };

export interface GeneratedScale {
  claims: number;
  disputes: number;
  sources: number;
  links: number;
  statusChanges: number;
  evidence: number;
  revisions: number;
  seconds: number;
}

export function scaleName(claims: number): string {
  return `cc_bench_${claims}`;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The generated database's URL if it already holds this scale from this generator version. */
export async function existingScale(serverUrl: string, claims: number): Promise<string | undefined> {
  const url = databaseUrl(serverUrl, scaleName(claims));
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query("select value from settings where key = 'bench_scale'");
    const marker = rows[0] ? JSON.parse(rows[0].value) : undefined;
    return marker?.claims === claims && marker?.version === GENERATOR_VERSION ? url : undefined;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops and recreates the scale's database, migrates it with the app's migrations and fills it. */
export async function generate(serverUrl: string, claims: number, log: (line: string) => void): Promise<{ url: string; scale: GeneratedScale }> {
  const started = Date.now();
  const name = scaleName(claims);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(serverUrl, name);

  // Opened as the app opens it, from the settings the app reads: migrations run under the same limits.
  const knex = createDbFromConfig(loadConfig({ DATABASE_URL: url, DATABASE_POOL_MAX: '1' }));
  await migrateToLatest(knex);
  await knex.destroy();

  // Two sessions, one per core: the claims (whose search vectors cost the most) are split
  // between them, then the tables that only depend on claims are filled side by side.
  const [a, b] = await Promise.all([openSession(url, claims), openSession(url, claims)]);
  try {
    const step = (session: pg.Client, label: string, sql: string, params: unknown[] = []) => timed(log, label, async () => {
      const bound = bindPools(sql, params);
      return (await session.query(bound.text, bound.values)).rowCount ?? 0;
    });
    const passwordHash = await hashPassword(BENCH_EDITOR.password);
    await step(a, 'editors', EDITORS_SQL, [passwordHash, BENCH_EDITOR.email, BENCH_EDITOR.name]);
    await step(a, 'sources', SOURCES_SQL);
    await step(a, 'disputes', DISPUTES_SQL);
    await step(a, 'positions', POSITIONS_SQL);
    const half = Math.ceil(Math.ceil(claims / 24) / 2);
    await Promise.all([
      step(a, 'claims (first half of disputes)', CLAIMS_SQL, [claims, 1, half]),
      step(b, 'claims (second half)', CLAIMS_SQL, [claims, half + 1, 2 ** 31 - 1]),
    ]);
    await Promise.all([
      (async () => {
        await step(a, 'status changes', STATUS_CHANGES_SQL);
        await step(a, 'claim revisions', CLAIM_REVISIONS_SQL);
      })(),
      (async () => {
        await step(b, 'links', LINKS_SQL);
        await step(b, 'evidence', EVIDENCE_SQL);
        await step(b, 'other revisions', OTHER_REVISIONS_SQL);
      })(),
    ]);
    await step(a, 'sequences', SEQUENCES_SQL);
    const orphans = (await a.query(ORPHANS_SQL)).rows[0].orphans;
    if (orphans !== 0) throw new Error(`generator bug: ${orphans} rows point at nothing`);
    await a.query('insert into settings (key, value) values ($1, $2)', ['bench_scale', JSON.stringify({ claims, version: GENERATOR_VERSION })]);
    await timed(log, 'vacuum analyze', async () => {
      await a.query('vacuum (analyze)');
      return 0;
    });
    const scale = { ...(await countScale(url)), seconds: (Date.now() - started) / 1000 };
    return { url, scale };
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

/** How much a generated database holds. */
export async function countScale(url: string): Promise<GeneratedScale> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`select
      (select count(*) from claims)::int as claims, (select count(*) from disputes)::int as disputes,
      (select count(*) from sources)::int as sources, (select count(*) from claim_links)::int as links,
      (select count(*) from status_changes)::int as status_changes, (select count(*) from evidence)::int as evidence,
      (select count(*) from revisions)::int as revisions`);
    const r = rows[0];
    return {
      claims: r.claims, disputes: r.disputes, sources: r.sources, links: r.links, statusChanges: r.status_changes,
      evidence: r.evidence, revisions: r.revisions, seconds: 0,
    };
  } finally {
    await client.end();
  }
}

async function timed(log: (line: string) => void, label: string, work: () => Promise<number>): Promise<void> {
  const t = Date.now();
  const rows = await work();
  log(`  ${label}: ${rows ? `${rows} rows ` : ''}in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

// Foreign keys are not checked row by row while loading (replica role); the data is
// consistent by construction, and this one query proves it afterwards.
async function openSession(url: string, claims: number): Promise<pg.Client> {
  const session = new pg.Client({ connectionString: url });
  await session.connect();
  await session.query("set synchronous_commit = off; set jit = off; set work_mem = '128MB'; set maintenance_work_mem = '512MB'");
  await session.query('set session_replication_role = replica');
  await createHelpers(session, claims);
  return session;
}

// A pseudo-random pick that is the same on every run, and the plan: how many positions
// and claims each dispute gets, and where its ids start.
async function createHelpers(client: pg.Client, claims: number): Promise<void> {
  const disputes = Math.ceil(claims / 24) + 1;
  const sources = Math.max(40, Math.round(claims / 100));
  await client.query(`create function pg_temp.pick(x bigint, m int) returns int language sql immutable parallel safe
    as 'select ((hashint8($1)::bigint & 2147483647) % $2)::int'`);
  await client.query(`create function pg_temp.one(a text[], x bigint) returns text language sql immutable parallel safe
    as 'select $1[1 + ((hashint8($2)::bigint & 2147483647) % array_length($1, 1))::int]'`);
  await client.query(`create temp table settings_scale as select ${sources}::int as sources, ${disputes}::int as disputes`);
  await client.query(`create temp table plan as
    select d, k, n, (sum(n) over w - n)::int as claim_start, (sum(k) over w - k)::int as pos_start
    from (select d, 2 + d % 3 as k, (array[12, 18, 24, 30, 36, 24])[1 + d % 6] as n from generate_series(1, ${disputes}) d) x
    window w as (order by d)`);
  await client.query('create index on plan (d)');
  await client.query('analyze plan');
}

const POOLS: Record<string, string[]> = { ...prefixed('en', EN), ...prefixed('cy', CYR) };

function prefixed(prefix: string, pools: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(pools).map(([key, value]) => [`${prefix}_${key.toLowerCase()}`, value]));
}

/** Replaces each pool name in the SQL by a text[] parameter after the given ones: constants to the planner. */
export function bindPools(sql: string, params: unknown[]): { text: string; values: unknown[] } {
  const values = [...params];
  const slots = new Map<string, number>();
  const text = sql.replace(/\b(en|cy)_[a-z]+\b/g, (name) => {
    if (!(name in POOLS)) return name;
    if (!slots.has(name)) {
      values.push(POOLS[name]);
      slots.set(name, values.length);
    }
    return `($${slots.get(name)}::text[])`;
  });
  return { text, values };
}

const EDITORS_SQL = `
insert into editors (email, name, password_hash, role, created_at)
select 'editor' || i || '@example.org',
  case when i % 2 = 0 then pg_temp.one(en_firstnames, i) || ' ' || pg_temp.one(en_lastnames, i * 7) else pg_temp.one(cy_firstnames, i) || ' ' || pg_temp.one(cy_lastnames, i * 7) end,
  $1, case when i = 1 then 'admin' else 'editor' end, now() - interval '400 days'
from generate_series(1, 20) i
union all
select $2, $3, $1, 'editor', now() - interval '1 day'`;

// The first twelve sources are organisations that others are affiliated with.
const SOURCES_SQL = `
insert into sources (id, slug, name, kind, description, affiliation_id, url, created_at, updated_at)
select s,
  's' || s || '-' || case when cyr then 'source' else lower(regexp_replace(name, '[^A-Za-z]+', '-', 'g')) end,
  name, kind, description,
  case when s > 12 and pg_temp.pick(s * 11, 4) = 0 then 1 + pg_temp.pick(s * 13, 12) end,
  case when pg_temp.pick(s * 17, 3) = 0 then 'https://example.org/sources/' || s end,
  now() - interval '500 days' + s * interval '1 second', now() - interval '500 days' + s * interval '1 second'
from (
  select s, cyr,
    case
      when s <= 12 or kind <> 'person' then case when cyr then pg_temp.one(cy_organisations, s) else pg_temp.one(en_organisations, s) end || case when s > 12 then ' ' || s else '' end
      when cyr then pg_temp.one(cy_firstnames, s) || ' ' || pg_temp.one(cy_lastnames, s * 3)
      else pg_temp.one(en_firstnames, s) || ' ' || pg_temp.one(en_lastnames, s * 3)
    end as name,
    kind, pg_temp.one(en_descriptions, s * 5) as description
  from (
    select s, pg_temp.pick(s * 7, 10) < 4 as cyr,
      case when s <= 12 then (array['government', 'military', 'media', 'organisation'])[1 + s % 4]
        else (array['person', 'person', 'person', 'person', 'person', 'person', 'person', 'media', 'government', 'military', 'organisation', 'other'])[1 + pg_temp.pick(s * 19, 12)]
      end as kind
    from generate_series(1, (select sources from settings_scale)) s
  ) k
) x`;

const DISPUTES_SQL = `
insert into disputes (id, slug, title, summary, events_from, events_to, events_place, state, published_at, version, created_at, updated_at, deleted_at)
select d, 'd' || d || '-' || lower(regexp_replace(en_place, '[^A-Za-z]+', '-', 'g')),
  case when cyr then pg_temp.one(cy_questions, d) || ' ' || pg_temp.one(cy_places, d * 3) || '?'
    else pg_temp.one(en_questions, d) || ' ' || en_place || '?' end,
  case when cyr then pg_temp.one(cy_subjects, d * 5) || ' ' || pg_temp.one(cy_verbs, d * 7) || ' ' || pg_temp.one(cy_places, d * 3) || ' ' || pg_temp.one(cy_tails, d) || ' ' || pg_temp.one(cy_extras, d)
    else pg_temp.one(en_subjects, d * 5) || ' ' || pg_temp.one(en_verbs, d * 7) || ' ' || en_place || ' ' || pg_temp.one(en_tails, d) || ' ' || pg_temp.one(en_extras, d) end,
  events_from, events_from + pg_temp.pick(d * 23, 10), en_place || ' region',
  case when d % 20 = 7 then 'draft' else 'published' end,
  case when d % 20 = 7 then null else updated_at end,
  1, updated_at - interval '3 days', updated_at,
  case when d % 97 = 13 then updated_at end
from (
  select d, pg_temp.pick(d * 29, 10) < 3 as cyr, pg_temp.one(en_places, d * 3) as en_place,
    date '2022-03-01' + pg_temp.pick(d * 31, 1200) as events_from,
    timestamptz '2023-01-01' + (d::float / (select disputes from settings_scale)) * interval '900 days' + pg_temp.pick(d, 3600) * interval '1 second' as updated_at
  from generate_series(1, (select disputes from settings_scale)) d
) x`;

const POSITIONS_SQL = `
insert into positions (id, dispute_id, label, sort_order)
select p.pos_start + o, p.d,
  case when pg_temp.pick(p.d * 29, 10) < 3 then cy_positions[1 + (p.d % 3) * 4 + o - 1] else en_positions[1 + (p.d % 4) * 4 + o - 1] end,
  o
from plan p cross join generate_series(1, p.k) o`;

// Claim j of dispute d: position j mod k; its source from the dispute's cast of six speakers.
const CLAIMS_SQL = `
insert into claims (id, dispute_id, position_id, source_id, text, is_verbatim, original_text, original_language,
  said_on, said_on_precision, venue, url, status, status_rationale, evidence_strength, status_changed_at, version, created_by, updated_by, created_at, updated_at, deleted_at)
select id, d, position_id, source_id, text, is_verbatim,
  case when translated then pg_temp.one(cy_subjects, id * 3) || ' ' || pg_temp.one(cy_verbs, id * 5) || ' ' || pg_temp.one(cy_places, id * 7) || ' ' || pg_temp.one(cy_tails, id) end,
  case when translated then (array['ru', 'uk'])[1 + pg_temp.pick(id * 43, 2)] end,
  said_on, precision, venue, url, status, rationale,
  case when status in ('unverified', 'unverifiable') then 'none' else (array['single_source', 'independent_sources', 'independent_sources', 'documentary'])[1 + pg_temp.pick(id * 61, 4)] end,
  created_at + interval '2 days', version, editor, editor, created_at, created_at + interval '3 days',
  case when deleted then created_at + interval '4 days' end
from (
  select x.*,
    case when cyr
      then pg_temp.one(cy_subjects, id) || ' ' || pg_temp.one(cy_verbs, id * 3) || ' ' || pg_temp.one(cy_places, id * 5) || ' ' || pg_temp.one(cy_tails, id * 7)
        || case when id % 3 = 0 then ' ' || pg_temp.one(cy_extras, id) else '' end
      else pg_temp.one(en_subjects, id) || ' ' || pg_temp.one(en_verbs, id * 3) || ' ' || pg_temp.one(en_places, id * 5) || ' ' || pg_temp.one(en_tails, id * 7)
        || case when id % 3 = 0 then ' ' || pg_temp.one(en_extras, id) else '' end
    end as text,
    pg_temp.one(en_rationales, id * 11) || case when id % 2 = 0 then ' ' || pg_temp.one(en_rationales, id * 13) else '' end as rationale,
    pg_temp.one(en_venues, id * 17) || case when id % 4 = 0 then ', ' || pg_temp.one(en_places, id * 19) else '' end as venue,
    case when pg_temp.pick(id * 23, 10) < 6 then 'https://example.org/reports/' || id end as url,
    1 + (status <> 'unverified')::int + (status not in ('unverified', 'contested') and id % 4 = 0)::int + (id % 5 = 0)::int as version
  from (
    select p.d, p.claim_start + j + 1 as id, p.pos_start + (j % p.k) + 1 as position_id,
      1 + pg_temp.pick(p.d * 1000 + (j % 6), (select sources from settings_scale)) as source_id,
      pg_temp.pick((p.claim_start + j) * 7, 10) < 4 as cyr,
      pg_temp.pick((p.claim_start + j) * 7, 10) >= 4 and pg_temp.pick((p.claim_start + j) * 37, 10) < 4 as translated,
      pg_temp.pick((p.claim_start + j) * 41, 2) = 0 as is_verbatim,
      dd.events_from + (j % 5) as said_on,
      (array['day', 'day', 'day', 'day', 'day', 'day', 'day', 'day', 'month', 'year'])[1 + pg_temp.pick((p.claim_start + j) * 47, 10)] as precision,
      (array['unverified', 'unverified', 'unverified', 'contested', 'contested', 'false', 'misleading', 'partly_true', 'true', 'unverifiable'])[1 + pg_temp.pick((p.claim_start + j) * 53, 10)] as status,
      1 + pg_temp.pick(p.claim_start + j, 20) as editor,
      dd.created_at + j * interval '1 hour' as created_at,
      p.d % 7 = 3 and j = p.n - 1 as deleted
    from plan p join disputes dd on dd.id = p.d cross join generate_series(0, p.n - 1) j
    where p.claim_start + j + 1 <= $1 and p.d between $2 and $3
  ) x
) y`;

// Every claim starts unverified; some went through "contested" before their current verdict.
const STATUS_CHANGES_SQL = `
insert into status_changes (claim_id, from_status, to_status, rationale, editor_id, decided_at)
select id, null, 'unverified', 'Recorded; not yet checked.', created_by, created_at from claims
union all
select id, 'unverified', 'contested', 'The parties give conflicting accounts.', created_by, created_at + interval '1 day'
  from claims where status not in ('unverified', 'contested') and id % 4 = 0
union all
select id, case when status not in ('unverified', 'contested') and id % 4 = 0 then 'contested' else 'unverified' end,
  status, status_rationale, updated_by, status_changed_at
  from claims where status <> 'unverified'`;

// Odd claims answer the claim before them (always under another position); every tenth
// dispute's first claim also points to the previous dispute's first claim.
const LINKS_SQL = `
insert into claim_links (from_claim_id, to_claim_id, type, note, created_by, updated_by, created_at, updated_at)
select c.id, c.id - 1,
  (array['contradicts', 'contradicts', 'contradicts', 'supports', 'supports', 'qualifies'])[1 + pg_temp.pick(c.id * 59, 6)],
  case when c.id % 3 = 0 then pg_temp.one(en_extras, c.id) else '' end,
  c.created_by, c.created_by, c.created_at, c.created_at
from claims c join plan p on p.d = c.dispute_id
where (c.id - p.claim_start - 1) % 2 = 1 and c.deleted_at is null
union all
select p.claim_start + 1, q.claim_start + 1, 'supports', 'Same events, reported a week apart.', null, null, now(), now()
from plan p join plan q on q.d = p.d - 1
where p.d % 10 = 0 and p.claim_start + 1 <= (select max(id) from claims)`;

// Rated and contested claims cite one or two pieces of evidence each.
const EVIDENCE_SQL = `
insert into evidence (claim_id, number, kind, title, url, publisher, published_on, description, bearing, created_by, updated_by, created_at, updated_at)
select c.id, n,
  (array['official_statement', 'independent_report', 'document', 'photo_video', 'satellite_imagery', 'geolocation', 'casualty_list', 'other'])[1 + pg_temp.pick(c.id * 67 + n, 8)],
  (array['Satellite images of', 'Geolocated video from', 'Hospital records in', 'Official statement on', 'Independent report on', 'Casualty list from'])[1 + pg_temp.pick(c.id * 71 + n, 6)]
    || ' ' || pg_temp.one(en_places, c.id * 5 + n),
  case when pg_temp.pick(c.id * 73 + n, 10) < 8 then 'https://example.org/evidence/' || c.id || '-' || n end,
  (array['Maxar', 'Reuters', 'Bellingcat', 'ISW', 'Ministry of Defence', 'Meduza', 'BBC Russian', 'Медиазона'])[1 + pg_temp.pick(c.id * 79 + n, 8)],
  c.said_on + n, pg_temp.one(en_rationales, c.id * 83 + n),
  (array['supports', 'refutes', 'context'])[1 + pg_temp.pick(c.id * 89 + n, 3)],
  c.updated_by, c.updated_by, c.status_changed_at, c.status_changed_at
from claims c cross join generate_series(1, 1 + c.id % 2) n
where c.status not in ('unverified', 'unverifiable')`;

const CLAIM_REVISIONS_SQL = `
insert into revisions (entity_type, entity_id, version, snapshot, summary, editor_id, created_at)
select 'claim', c.id, v,
  jsonb_build_object('position_id', c.position_id, 'source_id', c.source_id, 'text', c.text, 'is_verbatim', c.is_verbatim,
    'original_text', c.original_text, 'original_language', c.original_language, 'said_on', c.said_on,
    'said_on_precision', c.said_on_precision, 'venue', c.venue, 'url', c.url,
    'status', case when v = 1 then 'unverified' else c.status end, 'status_rationale', c.status_rationale,
    'deleted', c.deleted_at is not null and v = c.version),
  case when v = 1 then 'Created' when v = c.version and c.id % 5 = 0 then 'Wording corrected against the recording' else 'Status: ' || c.status end,
  c.created_by, c.created_at + v * interval '1 hour'
from claims c cross join lateral generate_series(1, c.version) v`;

const OTHER_REVISIONS_SQL = `
insert into revisions (entity_type, entity_id, version, snapshot, summary, editor_id, created_at)
select 'dispute', d.id, 1,
  jsonb_build_object('slug', d.slug, 'title', d.title, 'summary', d.summary, 'events_from', d.events_from, 'events_to', d.events_to,
    'events_place', d.events_place, 'state', d.state, 'deleted', false,
    'positions', (select jsonb_agg(jsonb_build_object('id', p.id, 'label', p.label) order by p.sort_order) from positions p where p.dispute_id = d.id)),
  'Created', 1, d.created_at
from disputes d
union all
select 'source', s.id, 1,
  jsonb_build_object('name', s.name, 'kind', s.kind, 'description', s.description, 'affiliation_id', s.affiliation_id, 'url', s.url, 'slug', s.slug, 'deleted', false),
  'Created', 1, s.created_at
from sources s
union all
select 'link', l.id, 1,
  jsonb_build_object('from_claim_id', l.from_claim_id, 'to_claim_id', l.to_claim_id, 'type', l.type, 'note', l.note, 'deleted', false),
  'Linked: ' || l.type, l.created_by, l.created_at
from claim_links l
union all
select 'evidence', e.id, 1,
  jsonb_build_object('claim_id', e.claim_id, 'number', e.number, 'kind', e.kind, 'title', e.title, 'url', e.url, 'publisher', e.publisher,
    'published_on', e.published_on, 'description', e.description, 'bearing', e.bearing, 'deleted', false),
  'Evidence added', e.created_by, e.created_at
from evidence e`;

const SEQUENCES_SQL = `
select setval(pg_get_serial_sequence('sources', 'id'), (select max(id) from sources)),
  setval(pg_get_serial_sequence('disputes', 'id'), (select max(id) from disputes)),
  setval(pg_get_serial_sequence('positions', 'id'), (select max(id) from positions)),
  setval(pg_get_serial_sequence('claims', 'id'), (select max(id) from claims))`;

const ORPHANS_SQL = `
select ((select count(*) from claims c left join positions p on p.id = c.position_id and p.dispute_id = c.dispute_id where p.id is null)
  + (select count(*) from claims c left join sources s on s.id = c.source_id where s.id is null)
  + (select count(*) from sources s left join sources a on a.id = s.affiliation_id where s.affiliation_id is not null and a.id is null)
  + (select count(*) from claim_links l left join claims c on c.id = l.from_claim_id where c.id is null)
  + (select count(*) from claim_links l left join claims c on c.id = l.to_claim_id where c.id is null)
  + (select count(*) from status_changes sc left join claims c on c.id = sc.claim_id where c.id is null)
  + (select count(*) from evidence e left join claims c on c.id = e.claim_id where c.id is null))::int as orphans`;
