/**
 * Whether a value looks like an email address: one "@" with text before it, and a domain with a
 * dot that is neither first nor last. Written without a regular expression: the pattern it
 * replaces (/^[^\s@]+@[^\s@]+\.[^\s@]+$/) backtracks for seconds on a long string of dots,
 * and sign-in, set-up, the admin's account form and readers' tips all take this field.
 * The length is checked first, so a long value costs one scan at most.
 */
export function isEmailAddress(value: string, max = 254): boolean {
  if (value.length > max || /\s/.test(value)) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && dot < domain.length - 1;
}
