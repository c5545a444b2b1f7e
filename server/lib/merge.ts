/**
 * Three-way merge of an edit form against a save that won the race: the version the editor
 * loaded (base), the version saved meanwhile (saved) and what the editor sent (yours).
 * Values are a form's fields as flat strings; a missing key is a value too ("not there",
 * e.g. a removed position).
 */
export type FlatValues = Record<string, string>;

export interface MergeKey {
  key: string;
  label: string;
  /** Labels of a choice field's values, to show a name rather than a code. */
  options?: Record<string, string>;
  /** How a missing value reads ("(empty)" unless said otherwise). */
  absent?: string;
}

/**
 * Fields merged as one: a figure's parts, a date and its precision, a verdict's status and
 * rationale. Mixing one editor's part with the other's would make a value nobody wrote.
 */
export interface MergeGroup {
  name: string;
  label: string;
  keys: MergeKey[];
}

export interface MergeConflict {
  group: MergeGroup;
  saved: FlatValues;
  yours: FlatValues;
}

export interface MergeResult {
  /** The combined values; where both changed, the editor's own until they choose. */
  values: FlatValues;
  conflicts: MergeConflict[];
  /** Groups taken from the saved version because only the other editor changed them. */
  theirs: MergeGroup[];
}

function pick(values: FlatValues, group: MergeGroup): string {
  return JSON.stringify(group.keys.map(({ key }) => values[key] ?? null));
}

function copyGroup(into: FlatValues, from: FlatValues, group: MergeGroup): void {
  for (const { key } of group.keys) {
    if (from[key] === undefined) delete into[key];
    else into[key] = from[key];
  }
}

/**
 * Per group: only one side changed it → that side; both made the same change → it; both
 * changed it differently → a conflict for the editor to decide. Without a base (no revision
 * to compare with) every difference is a conflict: nothing is overwritten on a guess.
 */
export function mergeThreeWay(groups: MergeGroup[], base: FlatValues | undefined, saved: FlatValues, yours: FlatValues): MergeResult {
  const result: MergeResult = { values: {}, conflicts: [], theirs: [] };
  for (const group of groups) {
    const [s, y] = [pick(saved, group), pick(yours, group)];
    const b = base ? pick(base, group) : undefined;
    if (s === y || y === b) {
      copyGroup(result.values, saved, group);
      if (s !== y) result.theirs.push(group);
    } else if (s === b) {
      copyGroup(result.values, yours, group);
    } else {
      copyGroup(result.values, yours, group);
      result.conflicts.push({ group, saved, yours });
    }
  }
  return result;
}

/** Puts the saved version's values of the chosen groups into what the editor sent. */
export function takeSaved(yours: FlatValues, saved: FlatValues, groups: MergeGroup[]): FlatValues {
  const values = { ...yours };
  for (const group of groups) copyGroup(values, saved, group);
  return values;
}

/** True when the values leave nothing of the editor's to apply on top of the saved version. */
export function sameValues(groups: MergeGroup[], one: FlatValues, other: FlatValues): boolean {
  return groups.every((group) => pick(one, group) === pick(other, group));
}

/** A group's values as label/value lines, for showing the two versions side by side. */
export function describeGroup(group: MergeGroup, values: FlatValues, extraOptions: Record<string, Record<string, string>> = {}) {
  return group.keys.map(({ key, label, options, absent }) => {
    const value = values[key];
    const named = value === undefined || value === '' ? (absent ?? '(empty)') : (options ?? extraOptions[key])?.[value] ?? value;
    return { label, value: named };
  });
}
