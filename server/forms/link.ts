import { z } from 'zod';
import { LINK_TYPES, LinkType } from '../../db/links';
import { choice, editSummary, parseForm, requiredId, text } from './fields';

export interface LinkForm {
  to_claim_id: number;
  type: LinkType;
  note: string;
  edit_summary: string;
}

const linkSchema = z.object({
  to_claim_id: requiredId('Choose the claim to link to.'),
  type: choice(LINK_TYPES, 'Choose how the claims relate.'),
  note: text('Note', 2000, false),
  edit_summary: editSummary,
});

export function parseLink(body: unknown) {
  return parseForm<LinkForm>(linkSchema, body);
}
