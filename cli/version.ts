import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package's version, as its package.json says: `dbauth --version` and the SARIF tool's version. */
export const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
