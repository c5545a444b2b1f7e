import { csrfFrom, encodeForm, startTestApp, submitForm, TestApp, visibleText } from './support/app';
import { countRows } from './support/sessions';

// Every editor write needs the form token of its own session.

describe('cross-site request forgery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.drop());

  const SOURCE = { name: 'Forged Source', kind: 'organisation', edit_summary: 'test' };
  const forgedSources = () => countRows(t, 'sources', { name: SOURCE.name });

  it('refuses an editor’s write without the form token, with a wrong one, or with another session’s', async () => {
    const { agent } = await t.signedIn();
    const revisions = await countRows(t, 'revisions');
    const otherSessionToken = csrfFrom((await t.agent().get('/signin').expect(200)).text);
    const ownToken = csrfFrom((await agent.get('/sources/new').expect(200)).text);
    for (const token of [undefined, '', 'not-the-token', ownToken.slice(0, -1), otherSessionToken]) {
      const body = encodeForm(token === undefined ? SOURCE : { _csrf: token, ...SOURCE });
      const res = await agent.post('/sources').type('form').send(body).expect(403);
      expect(visibleText(res.text)).toContain('This form has expired');
    }
    expect(await forgedSources()).toBe(0);
    expect(await countRows(t, 'revisions')).toBe(revisions);
  });

  it('refuses a token sent as a repeated field', async () => {
    const { agent } = await t.signedIn();
    const token = csrfFrom((await agent.get('/sources/new').expect(200)).text);
    await agent.post('/sources').type('form').send(encodeForm({ _csrf: [token, token], ...SOURCE })).expect(403);
    expect(await forgedSources()).toBe(0);
  });

  // Under another name, so that the refusals above find no such source in whatever order they run.
  it('accepts the same write with the session’s token', async () => {
    const { agent } = await t.signedIn();
    const res = await submitForm(agent, '/sources/new', '/sources', { ...SOURCE, name: 'Accepted Source' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sources/accepted-source');
    expect(await countRows(t, 'sources', { name: 'Accepted Source' })).toBe(1);
  });
});
