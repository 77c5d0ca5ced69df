/** One page of a list: its rows, how many rows match in all, and where this page stands. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}
