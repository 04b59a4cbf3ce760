/** One page of an AWS list API: its items and the token of the next page (a Marker or a NextToken). */
export interface Page<T> {
  readonly items: T[];
  readonly next: string | undefined;
}

type Fetch<T> = (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>;

/**
 * Pages through an AWS list API from `from` (the first page when undefined), yielding each page with the
 * token of the next, so that a caller can stop after any page and resume there later.
 */
export async function* pagesFrom<T>(from: string | undefined, fetch: Fetch<T>): AsyncGenerator<Page<T>> {
  let token = from;
  do {
    const page = await fetch(token);
    yield { items: page.items ?? [], next: page.next || undefined };
    token = page.next;
  } while (token);
}

/** Pages through an AWS list API from its first page, yielding the items of each. */
export async function* pagesOf<T>(fetch: Fetch<T>): AsyncGenerator<T[]> {
  for await (const page of pagesFrom(undefined, fetch)) yield page.items;
}

/** Runs `work` over `items` with at most `limit` in flight at once; resolves when all are done. */
export async function mapLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
