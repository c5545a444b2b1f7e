import { z } from 'zod';
import type { StatusInput } from '../../db/claims';
import { statusFields } from './claim';
import { STRENGTH_LABELS } from '../presentation/evidence-labels';
import { STATUS_MEANINGS } from '../presentation/statuses';
import { normaliseText, parseForm, version } from './fields';
import { asFormValue, group, MergeSpec } from './merge-spec';

export type StatusForm = StatusInput & { version: number };

const statusSchema = z.object({ ...statusFields, version });

export function parseStatus(body: unknown) {
  return parseForm<StatusForm>(statusSchema, body);
}

const STATUS_LABELS = Object.fromEntries(Object.entries(STATUS_MEANINGS).map(([status, meaning]) => [status, meaning.label]));

// A verdict is decided as a whole: another editor's status with this editor's rationale would be a verdict nobody gave.
const VERDICT = group('verdict', 'Verdict', [
  { key: 'status', label: 'Status', options: STATUS_LABELS },
  { key: 'rationale', label: 'Rationale' },
  { key: 'evidence_strength', label: 'Evidence strength', options: STRENGTH_LABELS },
]);

/** The status form's merge, over the claim's history: a verdict saved meanwhile is shown, never silently replaced. */
export const statusMerge: MergeSpec = {
  entity: 'claim',
  groups: () => [VERDICT],
  fromRecord: (claim) => ({
    status: asFormValue(claim.status), rationale: asFormValue(claim.status_rationale), evidence_strength: asFormValue(claim.evidence_strength ?? 'none'),
  }),
  fromForm: (body) => ({
    status: normaliseText(body.status), rationale: normaliseText(body.rationale), evidence_strength: normaliseText(body.evidence_strength) || 'none',
  }),
  toForm: (values) => ({ ...values }),
};
