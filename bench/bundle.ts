/** Bundle size and cold init: measured once the Lambda bundle can be built (see scripts/bundle.mjs). */
export interface BundleFigures {
  readonly bytes: number;
  readonly sdkOnlyBytes: number;
  readonly ms: number;
  readonly sdkOnlyMs: number;
}

export function measureBundle(): Promise<BundleFigures | undefined> {
  return Promise.resolve(undefined);
}
