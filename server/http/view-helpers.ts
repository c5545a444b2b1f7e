import type { Config } from '../config';
import * as options from '../pages/options';
import { BEARING_LABELS, EVIDENCE_KIND_LABELS } from '../presentation/evidence-labels';
import { figureValue } from '../presentation/figures';
import { claimWords, excerpt, formatDay, formatMoment, formatSpan, highlight, isoMoment, jsonForScript } from '../presentation/format';
import { CLAIM_STATUSES } from '../../db/claims';
import { STATUS_MEANINGS, statusBadge, statusLabel } from '../presentation/statuses';

/**
 * What every template may call or read besides its own locals: the site's name and address,
 * formatting helpers, label tables and the forms' choices. Data is shaped by presenters
 * (server/pages/); these only print.
 */
export function viewHelpers(config: Pick<Config, 'siteName' | 'publicUrl'>) {
  return {
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    BEARING_LABELS, EVIDENCE_KIND_LABELS, figureValue,
    claimWords, excerpt, formatDay, formatMoment, formatSpan, highlight, isoMoment, jsonForScript, statusBadge, statusLabel,
    CLAIM_STATUSES, STATUS_MEANINGS,
    ...options,
  };
}
