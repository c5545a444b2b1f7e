import { csrfFrom, encodeForm, PASSWORD, signIn, startTestApp, submitForm, TestApp, visibleText } from './support/app';

describe('editor accounts, managed by admins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.drop());

  it('lets an admin create an editor who can then sign in', async () => {
    const { agent: admin } = await t.signedIn('admin');
    const res = await submitForm(admin, '/admin/editors', '/admin/editors', {
      name: 'Olena', email: 'Olena@Example.org', role: 'editor', password: 'a long enough secret', password_confirm: 'a long enough secret',
    });
    expect(res.status).toBe(303);
    expect((await t.db('editors').where('email', 'olena@example.org').first()).role).toBe('editor');
    await signIn(t.agent(), 'olena@example.org', 'a long enough secret').expect(303);
  });

  it('re-renders the account form with messages on bad input and on a duplicate email', async () => {
    const { agent: admin } = await t.signedIn('admin');
    const before = await t.db('editors').count({ n: '*' }).first();
    const bad = await submitForm(admin, '/admin/editors', '/admin/editors', { name: '', email: 'not-an-email', role: 'owner', password: 'short', password_confirm: 'other' });
    expect(bad.status).toBe(422);
    const text = visibleText(bad.text);
    expect(text).toContain('Enter name.');
    expect(text).toContain('Enter an email address like name@example.org.');
    expect(text).toContain('Choose editor or admin.');
    expect(text).toContain('Use at least 12 characters.');
    expect(bad.text).toContain('value="not-an-email"');
    const dup = await submitForm(admin, '/admin/editors', '/admin/editors', {
      name: 'Again', email: 'olena@example.org', role: 'editor', password: 'a long enough secret', password_confirm: 'a long enough secret',
    });
    expect(dup.status).toBe(422);
    expect(visibleText(dup.text)).toContain('An editor with this email already exists.');
    expect(await t.db('editors').count({ n: '*' }).first()).toEqual(before);
  });

  it('refuses account management to editors and anonymous readers', async () => {
    const { agent: plain } = await t.signedIn('editor');
    await plain.get('/admin/editors').expect(403);
    const page = await plain.get('/disputes/new').expect(200);
    const target = await t.db('editors').where('email', 'olena@example.org').first();
    await plain.post(`/admin/editors/${target.id}/role`).type('form').send(encodeForm({ _csrf: csrfFrom(page.text), role: 'admin' })).expect(403);
    expect((await t.db('editors').where('id', target.id).first()).role).toBe('editor');
    const anonymous = await t.agent().get('/admin/editors').expect(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fadmin%2Feditors');
  });

  it('changes roles, and disabling an editor ends their session at once', async () => {
    const { agent: admin } = await t.signedIn('admin');
    const { agent: victim, editor } = await t.signedIn('editor');
    await victim.get('/disputes/new').expect(200);
    const page = await admin.get('/admin/editors').expect(200);
    await admin.post(`/admin/editors/${editor.id}/role`).type('form').send(encodeForm({ _csrf: csrfFrom(page.text), role: 'admin' })).expect(303);
    expect((await t.db('editors').where('id', editor.id).first()).role).toBe('admin');
    await admin.post(`/admin/editors/${editor.id}/disable`).type('form').send(encodeForm({ _csrf: csrfFrom(page.text) })).expect(303);
    const after = await victim.get('/disputes/new').expect(303);
    expect(after.headers.location).toMatch(/^\/signin/);
    await signIn(t.agent(), editor.email, PASSWORD).expect(401);
  });

  it('never disables or demotes the last active admin', async () => {
    await t.db('editors').where('role', 'admin').update({ disabled_at: new Date() });
    const { agent: admin, editor } = await t.signedIn('admin');
    const page = await admin.get('/admin/editors').expect(200);
    for (const action of ['disable', 'role']) {
      const res = await admin.post(`/admin/editors/${editor.id}/${action}`).type('form')
        .send(encodeForm({ _csrf: csrfFrom(page.text), role: 'editor' })).expect(303);
      const next = await admin.get(res.headers.location).expect(200);
      expect(next.text).toContain('the site must keep at least one active admin');
    }
    const row = await t.db('editors').where('id', editor.id).first();
    expect(row.role).toBe('admin');
    expect(row.disabled_at).toBeNull();
  });
});
