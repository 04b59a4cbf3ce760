/**
 * A moto server for one emulator run: on a free loopback port (127.0.0.1 only), answered before it is
 * used, reset between cases, and stopped on every way out of the process.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export class EmulatorSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorSetupError';
  }
}

export const INSTALL_HINT = "pip install 'moto[server]==5.2.1' boto3";

/** Python 3 with moto and boto3, and moto_server on PATH; the moto version, or a setup error saying how to get them. */
export function checkTools(): string {
  const probe = spawnSync('python3', ['-c', 'import boto3, moto, moto.server; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmulatorSetupError(`python3 with moto and boto3 is needed (${probe.error?.message ?? probe.stderr.trim().split('\n').at(-1) ?? 'not found'}): ${INSTALL_HINT}`);
  }
  const server = spawnSync('moto_server', ['--help'], { encoding: 'utf8' });
  if (server.error || server.status !== 0) throw new EmulatorSetupError(`moto_server is not on PATH: ${INSTALL_HINT}`);
  return probe.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new EmulatorSetupError('no free port'))));
    });
  });
}

export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): void;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function startMoto(readyWithinMs = 30_000): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = (): void => {
    if (!exited) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  const started = Date.now();
  while (!(await answers(endpoint))) {
    if (exited) throw new EmulatorSetupError(`moto_server exited before answering: ${log.trim().split('\n').slice(-3).join(' ')}`);
    if (Date.now() - started > readyWithinMs) {
      stop();
      throw new EmulatorSetupError(`moto_server did not answer on ${endpoint} within ${readyWithinMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new EmulatorSetupError(`moto reset answered ${response.status}`);
    },
    stop,
  };
}
