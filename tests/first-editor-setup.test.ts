import { addEditor, Agent, csrfFrom, encodeForm, Fields, signIn, startTestApp, submitForm, TestApp, visibleText } from './support/app';
import { countRows } from './support/sessions';

// /setup creates the first editor of a new installation, and is gone once one exists.

describe('creating the first editor at /setup', () => {
  // Each test starts from its own new installation: none relies on what another created.
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.drop());

  const NEW_PASSWORD = 'a long first password';

  async function setup(agent: Agent, fields: Fields) {
    return submitForm(agent, '/setup', '/setup', fields);
  }

  it('refuses bad input with 422 and a message per field, creating nobody', async () => {
    const page = visibleText((await t.agent().get('/setup').expect(200)).text);
    expect(page).toContain('Create the first editor');

    const short = await setup(t.agent(), { name: 'Ada', email: 'ada@example.org', password: 'elevenchars', password_confirm: 'elevenchars' });
    expect(short.status).toBe(422);
    expect(visibleText(short.text)).toContain('Use at least 12 characters.');
    expect(short.text).toContain('value="ada@example.org"');
    expect(short.text).toContain('value="Ada"');
    expect(short.text).not.toContain('value="elevenchars"');

    const mismatch = await setup(t.agent(), { name: 'Ada', email: 'ada@example.org', password: NEW_PASSWORD, password_confirm: `${NEW_PASSWORD}!` });
    expect(mismatch.status).toBe(422);
    expect(visibleText(mismatch.text)).toContain('The two passwords differ.');

    const empty = await setup(t.agent(), { name: '', email: 'ada', password: '', password_confirm: '' });
    expect(empty.status).toBe(422);
    expect(visibleText(empty.text)).toContain('Enter name.');
    expect(visibleText(empty.text)).toContain('Enter an email address like name@example.org.');

    expect(await countRows(t, 'editors')).toBe(0);
  });

  it('creates the first editor as admin and signs them in; a set-up racing it gets 404', async () => {
    const browsers = [t.agent(), t.agent()];
    const people = [{ name: 'Ada Admin', email: 'Ada@Example.org' }, { name: 'Rival', email: 'rival@example.org' }];
    const tokens = await Promise.all(browsers.map(async (browser) => csrfFrom((await browser.get('/setup').expect(200)).text)));
    const responses = await Promise.all(browsers.map((browser, i) => browser.post('/setup').type('form')
      .send(encodeForm({ _csrf: tokens[i], ...people[i], password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }))));
    expect(responses.map((res) => res.status).sort()).toEqual([303, 404]);

    const won = responses.findIndex((res) => res.status === 303);
    expect(responses[won].headers.location).toBe('/');
    expect(visibleText((await browsers[won].get('/').expect(200)).text)).toContain(`Sign out (${people[won].name})`);
    expect(visibleText((await browsers[1 - won].get('/').expect(200)).text)).not.toContain('Sign out');

    const editors = await t.db('editors').select('email', 'name', 'role', 'password_hash');
    expect(editors).toHaveLength(1);
    expect(editors[0]).toMatchObject({ email: people[won].email.toLowerCase(), name: people[won].name, role: 'admin' });
    expect(editors[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(editors[0].password_hash).not.toContain(NEW_PASSWORD);

    await signIn(t.agent(), people[won].email, NEW_PASSWORD).expect(303);
  });

  it('disappears once the first editor exists', async () => {
    await addEditor(t, 'admin');
    const agent = t.agent();
    await agent.get('/setup').expect(404);
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    await agent.post('/setup').type('form').send(encodeForm({
      _csrf: token, name: 'Second', email: 'second@example.org', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD,
    })).expect(404);
    expect(await countRows(t, 'editors')).toBe(1);
  });
});
