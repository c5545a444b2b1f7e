import { addEditor, csrfFrom, encodeForm, PASSWORD, startTestApp, submitForm, TestApp } from './support/app';
import { LOSSES } from './support/founding-case';

// Where sign-in leads: back to the local page that asked for it, never to another site.

describe('where sign-in leads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.drop());

  async function signInTo(next: string): Promise<string> {
    const editor = await addEditor(t);
    const res = await submitForm(t.agent(), '/signin', '/signin', { email: editor.email, password: PASSWORD, next });
    expect(res.status).toBe(303);
    return res.headers.location;
  }

  it('returns to the local page that asked for sign-in', async () => {
    const agent = t.agent();
    const asked = await agent.get(`${LOSSES}/edit`).expect(303);
    expect(asked.headers.location).toBe(`/signin?next=${encodeURIComponent(`${LOSSES}/edit`)}`);
    const form = await agent.get(asked.headers.location).expect(200);
    const next = form.text.match(/name="next" value="([^"]*)"/)![1];
    expect(next).toBe(`${LOSSES}/edit`);
    const editor = await addEditor(t);
    const res = await agent.post('/signin').type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), email: editor.email, password: PASSWORD, next })).expect(303);
    expect(res.headers.location).toBe(`${LOSSES}/edit`);
    await agent.get(res.headers.location).expect(200);
  });

  it('keeps local paths with a query string', async () => {
    expect(await signInTo('/sources?page=1')).toBe('/sources?page=1');
  });

  it('never sends the editor to another site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', 'http://evil.example/signin', '/\\evil.example', 'javascript:alert(1)', 'evil.example']) {
      expect(await signInTo(next)).toBe('/');
    }
    // Browsers drop tabs and newlines from addresses: "/\t/evil.example" must not become "//evil.example".
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/%2F/evil.example']) {
      const location = await signInTo(next);
      expect(new URL(location, 'http://counterclaim.test').host).toBe('counterclaim.test');
      expect(location).not.toMatch(/^\/[\t\n]*\//);
    }
  });

  it('sends an already signed-in editor straight on, but only to local paths', async () => {
    const { agent } = await t.signedIn();
    expect((await agent.get('/signin?next=%2Fsources').expect(303)).headers.location).toBe('/sources');
    expect((await agent.get('/signin?next=%2F%2Fevil.example').expect(303)).headers.location).toBe('/');
    expect((await agent.get('/signin?next=https%3A%2F%2Fevil.example').expect(303)).headers.location).toBe('/');
  });
});
