import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_EDITOR } from './generate';

/** The records whose pages are loaded: chosen the same way at every scale, near the middle of the data. */
export interface Targets {
  disputeId: number;
  disputeSlug: string;
  disputeClaims: number;
  sourceSlug: string;
  sourceClaims: number;
  claimId: number;
  searchWord: string;
}

export async function chooseTargets(databaseUrl: string): Promise<Targets> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A published dispute with 24 live claims (the average) and links between them.
    const dispute = (await client.query(`
      select d.id, d.slug, count(c.id)::int as claims from disputes d join claims c on c.dispute_id = d.id and c.deleted_at is null
      where d.state = 'published' and d.deleted_at is null and d.id between (select max(id) / 2 from disputes) and (select max(id) / 2 + 60 from disputes)
      group by d.id having count(c.id) = 24 order by d.id limit 1`)).rows[0];
    // A source with about the average number of claims (a hundred), near the middle.
    const source = (await client.query(`
      select s.slug, count(c.id)::int as claims from sources s join claims c on c.source_id = s.id
      where s.deleted_at is null and s.id between (select max(id) / 2 from sources) and (select max(id) / 2 + 40 from sources)
      group by s.id order by abs(count(c.id) - (select count(*) from claims) / (select count(*) from sources)), s.id limit 1`)).rows[0];
    // A claim of that dispute with a link and a status history of more than one entry.
    const claim = (await client.query(`
      select c.id from claims c where c.dispute_id = $1 and c.deleted_at is null and c.status <> 'unverified'
        and exists (select 1 from claim_links l where l.from_claim_id = c.id or l.to_claim_id = c.id)
      order by c.id limit 1`, [dispute.id])).rows[0];
    return {
      disputeId: dispute.id, disputeSlug: dispute.slug, disputeClaims: dispute.claims,
      sourceSlug: source.slug, sourceClaims: source.claims, claimId: claim.id,
      searchWord: 'Shebekino',
    };
  } finally {
    await client.end();
  }
}

function cookieOf(res: Response): string | undefined {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith('cc_session='));
  return raw?.split(';')[0];
}

/** Signs the generated editor in through the real form, as a browser does; returns the Cookie header value. */
export async function signInEditor(baseUrl: string): Promise<string> {
  const form = await fetch(`${baseUrl}/signin`);
  const html = await form.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const formCookie = cookieOf(form);
  if (!token || !formCookie) throw new Error('the sign-in page had no form token or cookie');
  const body = new URLSearchParams({ _csrf: token, email: BENCH_EDITOR.email, password: BENCH_EDITOR.password });
  const res = await fetch(`${baseUrl}/signin`, {
    method: 'POST', redirect: 'manual', body,
    headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  await res.arrayBuffer();
  const cookie = cookieOf(res);
  if (res.status !== 303 || !cookie) throw new Error(`signing in the bench editor failed with ${res.status}`);
  return cookie;
}

/** Whether a route exists in this build of the app (another engineer may not have added it yet). */
export async function answers(url: string, type: 'html' | 'json'): Promise<boolean> {
  const res = await fetch(url, { headers: { accept: type === 'json' ? 'application/json' : 'text/html' } });
  const text = await res.text();
  return res.status === 200 && (type === 'html' || text.trimStart().startsWith('{') || text.trimStart().startsWith('['));
}

// An anonymous 404 makes no query, so its X-Query-Total header reads the counter without moving it.
async function queryTotal(baseUrl: string): Promise<number> {
  const res = await fetch(`${baseUrl}/bench-probe-that-does-not-exist`);
  await res.arrayBuffer();
  const total = res.headers.get('x-query-total');
  if (total === null) throw new Error('the app does not count queries: is BENCH_COUNT_QUERIES=1 set?');
  return Number(total);
}

/**
 * SQL queries per request, from an app started with BENCH_COUNT_QUERIES=1: the counter's
 * total before and after `times` requests made one at a time, after one unmeasured request.
 * Queries made after the response (a session's expiry being extended) are counted too.
 */
export async function queriesPerRequest(baseUrl: string, path: string, headers: Record<string, string>, times = 20): Promise<number> {
  // A 503 means the database went away for a moment (another user of the server restarting it): wait and ask again.
  const get = async () => {
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(baseUrl + path, { headers });
      await res.arrayBuffer();
      if (res.status < 400) return;
      if (res.status !== 503 || attempt === 30) throw new Error(`${path} answered ${res.status}`);
      await sleep(1000);
    }
  };
  await get();
  await sleep(100);
  const before = await queryTotal(baseUrl);
  for (let i = 0; i < times; i += 1) await get();
  await sleep(300);
  const after = await queryTotal(baseUrl);
  return (after - before) / times;
}
