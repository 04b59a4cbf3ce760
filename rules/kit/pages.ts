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

const THROTTLING_ERRORS = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottledException', 'ThrottledException']);
const PERSIST_RETRIES = 4;

export const isThrottling = (error: unknown): boolean => error instanceof Error && THROTTLING_ERRORS.has(error.name);

/**
 * Calls `call` again when it is still throttled after the SDK's own retries (whose retry quota a long,
 * steadily throttled sweep can spend): up to 4 more times, waiting about 1, 2, 4 and 8 seconds. Any other
 * error is thrown at once.
 */
export async function persist<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= PERSIST_RETRIES) throw error;
      await sleep(Math.round(1000 * 2 ** attempt * (0.5 + Math.random() / 2)));
    }
  }
}

export const realSleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));
