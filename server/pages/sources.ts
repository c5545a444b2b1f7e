import type { SourceInList, SourceSort } from '../../db/sources';
import { trackRecordFromTally } from '../presentation/track-record';

const SORT_LABELS: Record<SourceSort, string> = { name: 'name', claims: 'number of published claims', record: 'track record' };

/** The list of sources (views/sources/index.ejs), one page of it, in the order the reader chose. */
export function presentSourceIndex(sources: { items: SourceInList[]; page: number; hasNext: boolean; hasPrevious: boolean }, sort: SourceSort) {
  // Sorting by name is the default, so its address carries no query.
  const query = sort === 'name' ? '' : `sort=${sort}`;
  return {
    title: 'Sources',
    sort,
    sortLinks: Object.entries(SORT_LABELS).map(([value, label], i, all) => ({
      href: value === 'name' ? '/sources' : `/sources?sort=${value}`,
      label,
      current: value === sort,
      separator: i < all.length - 1 ? ' · ' : '',
    })),
    sources: {
      ...sources,
      items: sources.items.map((row) => ({
        ...row,
        record: trackRecordFromTally(row),
        claimCount: row.claim_count === 1 ? '1 published claim' : `${row.claim_count} published claims`,
      })),
    },
    extraQuery: query,
  };
}
