import { LINE, NumberLine } from '../presentation/figures';

/** A number line with every coordinate and text the SVG and its table print (views/partials/number-line.ejs). */
export interface DrawnLine {
  measure: string;
  unit: string;
  titleId: string;
  descId: string;
  /** The groups counted, when the figures count different ones: "" when they do not. */
  groups: string;
  /** The text alternative: each source's figure. */
  description: string;
  width: number;
  height: number;
  axis: { left: number; right: number; y: number };
  ticks: { x: number; label: string; y1: number; y2: number; labelY: number }[];
  points: {
    claimId: number; source: string; value: string; group: string; period: string;
    x: number; labelY: number; leaderEnd: number; anchor: 'start' | 'end';
    /** A range is drawn as a bar this wide from x; a single value (width 0) as a dot. */
    range?: { y: number; width: number };
  }[];
}

export function drawLine(line: NumberLine, index: number): DrawnLine {
  const axisY = LINE.axisY;
  return {
    measure: line.measure,
    unit: line.unit,
    titleId: `line-${index}-title`,
    descId: `line-${index}-desc`,
    groups: line.points.length > 1 && line.groups.length > 1 ? line.groups.join('; ') : '',
    description: line.points.map((p) => `${p.source}: ${p.value}`).join('; '),
    width: LINE.width,
    height: line.height,
    axis: { left: LINE.left, right: LINE.right, y: axisY },
    ticks: line.ticks.map((tick) => ({ ...tick, y1: axisY - 5, y2: axisY + 5, labelY: axisY - 10 })),
    points: line.points.map((p) => ({
      claimId: p.claimId, source: p.source, value: p.value, group: p.group, period: p.period,
      x: p.x1, labelY: p.labelY, leaderEnd: p.labelY - 12,
      // Labels right of 60 % of the width end at their point, so they stay inside the drawing.
      anchor: p.x1 > LINE.width * 0.6 ? 'end' : 'start',
      range: p.x2 > p.x1 ? { y: axisY - 4, width: p.x2 - p.x1 } : undefined,
    })),
  };
}
