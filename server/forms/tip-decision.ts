import { z } from 'zod';
import type { TipDecision } from '../../db/tips';
import { isHttpUrl, optionalText, parseForm, text } from './fields';

// A path on this site ("/claims/12", "/history/claim/12/compare?from=2&to=3") or a full web address.
const isSitePath = (value: string) => /^\/[^/\\\s][^\\\s]*$/.test(value);

const changeLink = optionalText('Link to the change', 2000).refine(
  (v) => v === null || isSitePath(v) || isHttpUrl(v),
  'Link to the change must be a path on this site such as /claims/12, or a full web address starting with http:// or https://.',
);

const acceptSchema = z
  .object({ note: optionalText('Note', 2000), link: changeLink })
  .refine((v) => v.note !== null || v.link !== null, { message: 'Say what you changed, or link to the change (or both).', path: ['note'] })
  .transform((v): TipDecision => ({ state: 'accepted', resolution_note: v.note, resolution_url: v.link }));

const dismissSchema = z
  .object({ reason: text('Reason', 2000) })
  .transform((v): TipDecision => ({ state: 'dismissed', resolution_note: v.reason, resolution_url: null }));

export function parseAcceptTip(body: unknown) {
  return parseForm<TipDecision>(acceptSchema, body);
}

export function parseDismissTip(body: unknown) {
  return parseForm<TipDecision>(dismissSchema, body);
}
