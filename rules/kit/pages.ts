/**
 * Pages through an AWS list API. `fetch` sends one request with the token of the page (undefined for the
 * first) and returns the page's items and the next token (a Marker or a NextToken, whichever the API uses).
 */
export async function* pagesOf<T>(fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): AsyncGenerator<T[]> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page.items ?? [];
    token = page.next;
  } while (token);
}
