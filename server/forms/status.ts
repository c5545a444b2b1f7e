import { z } from 'zod';
import type { StatusInput } from '../../db/claims';
import { statusFields } from './claim';
import { parseForm, version } from './fields';

export type StatusForm = StatusInput & { version: number };

const statusSchema = z.object({ ...statusFields, version });

export function parseStatus(body: unknown) {
  return parseForm<StatusForm>(statusSchema, body);
}
