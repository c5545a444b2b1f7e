import type { Claim } from '../../db/claims';

type WithFigure = Pick<Claim, 'id' | 'figure_measure' | 'figure_group' | 'figure_low' | 'figure_high' | 'figure_unit' | 'figure_period' | 'figure_place'>
  & { source_name: string };

export interface FigurePoint {
  claimId: number;
  source: string;
  value: string;
  group: string;
  period: string;
  x1: number;
  x2: number;
  labelY: number;
}

/** Claims whose figures count the same thing in the same unit, drawn on one scale. */
export interface NumberLine {
  measure: string;
  unit: string;
  ticks: { x: number; label: string }[];
  points: FigurePoint[];
  /** The different groups the figures count; more than one means they do not strictly contradict. */
  groups: string[];
  height: number;
}

// Geometry of the SVG, in its own units (it scales to the page width).
export const LINE = { width: 640, left: 24, right: 616, axisY: 28, rowHeight: 22 };

export function formatNumber(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** "70 fighters", "40–60 km". */
export function figureValue(claim: Pick<Claim, 'figure_low' | 'figure_high' | 'figure_unit'>): string {
  if (claim.figure_low === null) return '';
  const amount = claim.figure_high !== null && claim.figure_high !== claim.figure_low
    ? `${formatNumber(claim.figure_low)}–${formatNumber(claim.figure_high)}`
    : formatNumber(claim.figure_low);
  return claim.figure_unit ? `${amount} ${claim.figure_unit}` : amount;
}

function key(claim: WithFigure): string {
  return `${claim.figure_measure!.trim().toLowerCase()}|${(claim.figure_unit ?? '').trim().toLowerCase()}`;
}

function buildLine(claims: WithFigure[]): NumberLine {
  const values = claims.flatMap((c) => [c.figure_low!, c.figure_high ?? c.figure_low!]);
  const min = Math.min(0, ...values);
  const max = Math.max(...values) > min ? Math.max(...values) : min + 1;
  const x = (v: number) => LINE.left + ((v - min) / (max - min)) * (LINE.right - LINE.left);
  const points = claims.map((c, i) => ({
    claimId: c.id, source: c.source_name, value: figureValue(c), group: c.figure_group ?? '',
    period: [c.figure_period, c.figure_place].filter(Boolean).join(', '),
    x1: x(c.figure_low!), x2: x(c.figure_high ?? c.figure_low!), labelY: LINE.axisY + 30 + i * LINE.rowHeight,
  }));
  return {
    measure: claims[0].figure_measure!,
    unit: claims[0].figure_unit ?? '',
    ticks: [min, (min + max) / 2, max].map((v) => ({ x: x(v), label: formatNumber(v) })),
    points,
    groups: [...new Set(claims.map((c) => (c.figure_group ?? '').trim()).filter(Boolean))],
    height: LINE.axisY + 30 + claims.length * LINE.rowHeight,
  };
}

/** One number line per kind of figure among the claims, in the order they first appear. */
export function numberLines(claims: WithFigure[]): NumberLine[] {
  const byKind = new Map<string, WithFigure[]>();
  for (const claim of claims.filter((c) => c.figure_measure && c.figure_low !== null)) {
    byKind.set(key(claim), [...(byKind.get(key(claim)) ?? []), claim]);
  }
  return [...byKind.values()].map(buildLine);
}
