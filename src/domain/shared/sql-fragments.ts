/**
 * "Latest induction record first", as an ORDER BY list over the induction records aliased `alias`:
 * an open-ended record (no end date) before any closed one, then the newest start, then the newest
 * end, then the newest created (the id only makes the order total). The same rule in JS is
 * `latestInductionRecordFirst`; both must change together.
 */
export function latestInductionRecordFirst(alias = 'ir'): string {
  return `(${alias}.end_date IS NULL) DESC, ${alias}.start_date DESC, ${alias}.end_date DESC, ${alias}.created_at DESC, ${alias}.id DESC`;
}

export interface InductionRecordDates {
  id: string;
  startDate: Date;
  endDate: Date | null;
  createdAt: Date;
}

/** A comparator for `Array.sort` giving the order of `latestInductionRecordFirst`. */
export function compareLatestInductionRecordFirst(a: InductionRecordDates, b: InductionRecordDates): number {
  if ((a.endDate === null) !== (b.endDate === null)) return a.endDate === null ? -1 : 1;
  return (
    b.startDate.getTime() - a.startDate.getTime() ||
    (b.endDate?.getTime() ?? 0) - (a.endDate?.getTime() ?? 0) ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}
