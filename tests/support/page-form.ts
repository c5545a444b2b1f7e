import type { Fields } from './app';
import { decodeEntities } from './html';

// The one form scraper: every test that sends a form "as it stands on the page" reads it here.

function attribute(tag: string, name: string): string | undefined {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return match ? decodeEntities(match[1]) : undefined;
}

export interface PageForm {
  action: string;
  /** Name/value pairs in page order, as a browser would send them. */
  pairs: Array<[string, string]>;
  /** The same by name: one value, or a list where the name repeats (position rows). */
  fields: Fields;
}

/** The first editor form on a page, with the values a browser would send as it stands (selects: the chosen option). */
export function formOnPage(html: string): PageForm {
  const form = html.match(/<form method="post" action="([^"]*)" class="editor-form"[^>]*>([\s\S]*?)<\/form>/);
  if (!form) throw new Error('no editor form on the page');
  const pairs: Array<[string, string]> = [];
  const controls = /<input\b[^>]*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const control of form[2].matchAll(controls)) {
    let name: string | undefined;
    let value = '';
    if (control[0].startsWith('<input')) {
      // A browser sends a radio button or checkbox only when it is checked.
      if (/\stype="(?:radio|checkbox)"/.test(control[0]) && !/\schecked\b/.test(control[0])) continue;
      name = attribute(control[0], 'name');
      value = attribute(control[0], 'value') ?? '';
    } else if (control[0].startsWith('<textarea')) {
      name = attribute(control[1], 'name');
      value = decodeEntities(control[2].replace(/^\n/, ''));
    } else {
      const options = [...control[4].matchAll(/<option value="([^"]*)"( selected)?>/g)];
      const chosen = options.find((option) => option[2]) ?? options[0];
      name = attribute(control[3], 'name');
      value = chosen ? decodeEntities(chosen[1]) : '';
    }
    if (name) pairs.push([name, value]);
  }
  return { action: decodeEntities(form[1]), pairs, fields: fieldsOf(pairs) };
}

function fieldsOf(pairs: Array<[string, string]>): Fields {
  const collected: Record<string, string[]> = {};
  for (const [name, value] of pairs) (collected[name] ??= []).push(value);
  return Object.fromEntries(Object.entries(collected).map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

/** A form's pairs with some fields replaced (a list replaces every field of that name). */
export function withChanges(pairs: Array<[string, string]>, changes: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of pairs) if (!(name in changes)) body.append(name, value);
  for (const [name, value] of Object.entries(changes)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  return body.toString();
}
