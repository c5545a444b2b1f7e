/** Where to go after signing in, or where a kept form is sent again: only a path on this site, never another host. */
export function localPath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  return raw;
}
