import type { DataTablePageInfo, DataTableSort } from '@sv-sdk/components/data-table';

/** A person row of the DataTable stories. */
export interface Person {
  id: string;
  name: string;
  email: string;
  role: string;
  age: number;
}

const roles = ['admin', 'editor', 'support', 'user'];

/** 10,000 generated people: what a large server-side result looks like. */
export const people: Person[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: `p${i}`,
  name: `Person ${String(i).padStart(5, '0')}`,
  email: `person${i}@example.com`,
  role: roles[i % roles.length]!,
  age: 18 + ((i * 7) % 60),
}));

/** Query of the fake server. */
export interface PeopleQuery {
  cursor?: string | null;
  pageSize: number;
  sort: DataTableSort[];
  search: string;
}

/**
 * Answers like a server with cursor pagination: filters, sorts, then returns one page and the
 * cursors around it. The cursor is the offset, encoded (opaque to the table).
 */
export function queryPeople(q: PeopleQuery): { rows: Person[]; pageInfo: DataTablePageInfo } {
  let rows = people;
  const term = q.search.trim().toLowerCase();
  if (term) rows = rows.filter((p) => p.name.toLowerCase().includes(term) || p.email.includes(term));
  const [s] = q.sort;
  if (s) {
    const key = s.id as keyof Person;
    rows = [...rows].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (s.desc ? -1 : 1));
  }
  const offset = q.cursor ? Number(atob(q.cursor)) : 0;
  const page = rows.slice(offset, offset + q.pageSize);
  return {
    rows: page,
    pageInfo: {
      offset,
      totalCount: rows.length,
      prevCursor: offset > 0 ? btoa(String(Math.max(offset - q.pageSize, 0))) : null,
      nextCursor: offset + q.pageSize < rows.length ? btoa(String(offset + q.pageSize)) : null,
    },
  };
}
