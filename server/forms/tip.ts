import { z } from 'zod';
import type { TipInput } from '../../db/tips';
import { isEmailAddress } from './email';
import { normaliseText, optionalText, optionalUrl, parseForm, text } from './fields';

/** The field people never see and robots fill in. */
export const HONEYPOT_FIELD = 'website';
export const MAX_TIP_LENGTH = 2000;

const optionalEmail = optionalText('Email', 254)
  .refine((v) => v === null || isEmailAddress(v), 'Enter an email address like name@example.org, or leave it empty.');

const tipSchema = z
  .object({
    body: text('Your correction or tip', MAX_TIP_LENGTH),
    evidence_url: optionalUrl('Evidence web address'),
    email: optionalEmail,
    [HONEYPOT_FIELD]: z.preprocess(normaliseText, z.string().refine((v) => v === '', 'Leave this field empty: it is there to catch automated spam.')),
  })
  .transform(({ [HONEYPOT_FIELD]: _trap, ...tip }) => tip);

export function parseTip(body: unknown) {
  return parseForm<TipInput>(tipSchema, body);
}
