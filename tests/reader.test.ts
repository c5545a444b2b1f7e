import { startTestApp, TestApp, visibleText } from './support/app';
import { LOSSES, NO_LOSSES_WORDS, PONOMAREV } from './support/founding-case';

describe('reader pages on the founding case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.drop());

  it('lists the published founding disputes on the home page, with their positions', async () => {
    const res = await t.agent().get('/').expect(200);
    const text = visibleText(res.text);
    expect(text).toContain('Did the Freedom of Russia Legion lose fighters in the May 2023 Belgorod raids?');
    expect(text).toContain('Did the Legion and the Russian Volunteer Corps take control of a 40-km strip');
    expect(text).toContain('Did Ukrainian soldiers take part in the raids into Russia?');
    expect(text).toMatch(/No losses vs 70 fighters killed/);
  });

  it('shows the two sides of the losses dispute side by side, each under its position', async () => {
    const res = await t.agent().get(LOSSES).expect(200);
    const columns = res.text.split('<section class="position"').slice(1).map(visibleText);
    expect(columns).toHaveLength(2);
    expect(columns[0]).toContain('No losses');
    expect(columns[0]).toContain(NO_LOSSES_WORDS);
    expect(columns[0]).toContain('Ilya Ponomarev');
    expect(columns[1]).toContain('70 fighters killed');
    expect(columns[1]).toContain('killing 70 fighters');
    expect(columns[1]).toContain('Russian authorities');
    expect(columns[0]).toContain('Contested');
    expect(columns[0]).toContain('Contradicted by the claim by Russian authorities');
  });

  it('shows when and where each claim was made and the verdict rationale', async () => {
    const text = visibleText((await t.agent().get(LOSSES).expect(200)).text);
    expect(text).toContain('May 2023 · Interview with FRANCE 24, from Kyiv');
    expect(text).toContain('Events: May 2023, Belgorod region, Russia');
    expect(text).toContain('Ponomarev denied the Russian claim in the same interview.');
  });

  it('shows a claim page with its links in both directions and its status timeline', async () => {
    const dispute = await t.agent().get(LOSSES).expect(200);
    const claimId = dispute.text.match(/id="claim-(\d+)"[\s\S]*?didn’t lose a single soldier/)![1];
    const text = visibleText((await t.agent().get(`/claims/${claimId}`).expect(200)).text);
    expect(text).toContain('Claim by Ilya Ponomarev');
    expect(text).toContain('Contradicted by Russian authorities');
    expect(text).toContain('Status timeline');
    expect(text).toMatch(/Contested Evidence: Single source Directly contradicted/);
  });

  it('shows a source page with its claims grouped by status, and the list of sources', async () => {
    const text = visibleText((await t.agent().get(PONOMAREV).expect(200)).text);
    expect(text).toContain('Affiliated with Freedom of Russia Legion');
    expect(text).toContain('Claims (7)');
    expect(text).toMatch(/Contested 3/);
    expect(text).toMatch(/Unverified 4/);
    const list = visibleText((await t.agent().get('/sources').expect(200)).text);
    for (const name of ['Ilya Ponomarev', 'Freedom of Russia Legion', 'Russian Volunteer Corps (RVC)', 'Russian authorities']) {
      expect(list).toContain(name);
    }
  });

  it('answers unknown pages with a 404 in the site layout', async () => {
    for (const path of ['/disputes/no-such-dispute', '/claims/999999', '/claims/abc', '/sources/nobody', '/nowhere', '/?page=-1']) {
      const res = await t.agent().get(path).expect(404);
      expect(res.text).toContain('Page not found');
      expect(res.text).toContain('class="site-header"');
    }
  });

  it('serves readers without setting or reading a session', async () => {
    for (const path of ['/', LOSSES, '/sources', PONOMAREV]) {
      const res = await t.agent().get(path).expect(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(Number((await t.db('sessions').count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('sends security headers with a strict content security policy', async () => {
    const res = await t.agent().get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('reports health as JSON', async () => {
    const res = await t.agent().get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });
});
