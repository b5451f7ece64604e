/**
 * Whether any filter narrows a result: a filter object's values, plus an optional search text.
 * Empty strings and `undefined` do not count, so `{ action: '' }` is unfiltered.
 *
 * @example
 * ```ts
 * hasActiveFilters({ action: undefined, from: '' }); // false
 * hasActiveFilters({}, 'ada'); // true
 * ```
 */
export function hasActiveFilters(filters: object, search = ''): boolean {
  return search.trim() !== '' || Object.values(filters).some((value) => value != null && value !== '');
}
