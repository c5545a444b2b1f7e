import { Agent, startTestApp, submitForm, TestApp } from './support/app';
import { routesOf } from './support/routes';

let t: TestApp;
let admin: Agent;
let urls: string[];

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  admin = (await t.signedIn('admin')).agent;
  const dispute = await t.db('disputes').where('state', 'published').first();
  const source = await t.db('sources').first();
  const claim = await t.db('claims').first();
  const sent = await submitForm(t.agent(), `/claims/${claim.id}/tip`, `/claims/${claim.id}/tip`, {
    body: 'The date in this claim is wrong.', evidence_url: '', email: 'reader@example.org', website: '',
  });
  expect(sent.status).toBe(303);
  const tip = await t.db('tips').first();
  // Every GET route, its parameters filled with real rows so the page itself is drawn.
  const values: [RegExp, string][] = [
    [/\/disputes\/:slug/, `/disputes/${dispute.slug}`],
    [/\/sources\/:slug/, `/sources/${source.slug}`],
    [/\/history\/:type\/:id/, `/history/claims/${claim.id}`],
    [/\/tips\/:id/, `/tips/${tip.id}`],
    [/:id|:chunk/, String(claim.id)],
  ];
  urls = routesOf(t.app).filter((r) => r.method === 'GET').map((r) => values.reduce((url, [pattern, value]) => url.replace(pattern, value), r.path));
});
afterAll(() => t.drop());

it('sends Cache-Control: no-store with every response to a signed-in editor', async () => {
  const cached: string[] = [];
  for (const url of urls) {
    const response = await admin.get(url);
    if (!/\bno-store\b/.test(String(response.headers['cache-control']))) cached.push(`${url} (${response.status}): ${response.headers['cache-control']}`);
  }
  expect(urls).toEqual(expect.arrayContaining(['/tips', '/admin/editors', '/changes']));
  expect(cached).toEqual([]);
});

it('includes the tip queue, where readers’ addresses are shown', async () => {
  const queue = await admin.get('/tips').expect(200);
  expect(queue.text).toContain('reader@example.org');
  expect(queue.headers['cache-control']).toBe('no-store');
});

it('leaves pages for anonymous readers cacheable', async () => {
  const home = await t.agent().get('/').expect(200);
  expect(String(home.headers['cache-control'] ?? '')).not.toContain('no-store');
});
