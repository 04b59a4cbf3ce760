// The one Lambda bundle of the pack: rules/lambda.ts with the AWS SDK inside, for Node 22, minified.
// Every rule function runs this same file (DBAUTH_RULE_ID selects the rule).
//
//   node scripts/bundle.mjs [outdir]          writes <outdir>/index.js (default dist/lambda)
//   import { bundleLambda } from './bundle.mjs'; await bundleLambda({ outdir })  → { outfile, bytes }
//
// The CDK app runs this script as its local bundler (never Docker); the benchmark imports bundleLambda.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The esbuild options of the bundle; `entry` and `outfile` let a caller bundle another entry the same way. */
export function bundleOptions({ entry = path.join(root, 'rules/lambda.ts'), outfile } = {}) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    // Prefer the SDK's ES module builds: they tree-shake to about half the size of the CommonJS ones.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** Bundles the Lambda entry into `<outdir>/index.js` and returns the file and its size in bytes. */
export async function bundleLambda({ outdir = path.join(root, 'dist/lambda'), entry } = {}) {
  const outfile = path.join(path.resolve(outdir), 'index.js');
  await build(bundleOptions({ entry, outfile }));
  return { outfile, bytes: statSync(outfile).size };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  bundleLambda(outdir ? { outdir } : {}).then(
    ({ outfile, bytes }) => console.error(`bundled ${path.relative(process.cwd(), outfile) || outfile} (${bytes} bytes)`),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
