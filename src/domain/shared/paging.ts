/** One page of a list, as rows to skip and take. */
export interface Page {
  limit: number;
  offset: number;
}

export interface SortKey<Column extends string> {
  column: Column;
  direction: 'asc' | 'desc';
}
