/**
 * Runs the Python of an aws:executeScript step, as SSM does: `Handler(events, context)` with the step's
 * InputPayload as `events`, its return value as `$.Payload`, a raised exception as the step's failure.
 *
 * Two interpreters, both CPython: the machine's `python3` when there is one (the runtime SSM uses, here as a
 * subprocess), otherwise Pyodide (CPython 3.11 compiled to WebAssembly, an npm dependency), so a machine
 * with Node only runs the same scripts. The scripts of our runbooks call no AWS API: they read what the
 * steps before them described, so either interpreter sees exactly what SSM's would.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ScriptEngine {
  readonly name: string;
  run(script: string, handler: string, payload: unknown): Promise<unknown>;
}

export class ScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScriptError';
  }
}

/**
 * The Python both interpreters run: `answer(request)` executes the script, calls the handler and returns one
 * JSON line, the result or the error (a result that is not JSON is the script's error too). What the script
 * prints is kept off stdout, which carries the answers.
 */
const CORE = `
import contextlib, io, json

def answer(request):
    scope = {'__name__': 'automation_script'}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(request['script'], '<executeScript>', 'exec'), scope)
            result = scope[request['handler']](request['payload'], None)
        return json.dumps({'ok': True, 'payload': result})
    except Exception as error:
        return json.dumps({'ok': False, 'error': type(error).__name__ + ': ' + str(error)})
`;

interface HarnessAnswer {
  ok: boolean;
  payload?: unknown;
  error?: string;
}

function answerOf(text: string): unknown {
  let answer: HarnessAnswer;
  try {
    answer = JSON.parse(text) as HarnessAnswer;
  } catch {
    throw new ScriptError(`the script printed no result: ${text.slice(0, 200)}`);
  }
  if (!answer.ok) throw new ScriptError(answer.error ?? 'the script failed');
  return answer.payload;
}

function pythonCommand(): string | undefined {
  for (const command of ['python3', 'python']) {
    const probe = spawnSync(command, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === '3') return command;
  }
  return undefined;
}

interface Pyodide {
  globals: { set(name: string, value: unknown): void };
  runPython(code: string): unknown;
}

export function pyodideEngine(): ScriptEngine {
  let loading: Promise<Pyodide> | undefined;
  return {
    name: 'pyodide',
    run: async (script, handler, payload) => {
      // Loaded only on a machine without python3: Pyodide is large, and ESM-only loaders cannot run under Jest.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loading ??= (require('pyodide') as { loadPyodide: () => Promise<Pyodide> }).loadPyodide();
      const python = await loading;
      python.globals.set('__automation_request', JSON.stringify({ script, handler, payload }));
      return answerOf(String(python.runPython(`${CORE}\nanswer(json.loads(__automation_request))`)));
    },
  };
}

/** One request per line in, one answer per line out: a long-lived interpreter, started once. */
const SERVER = `${CORE}
import sys
for line in sys.stdin:
    sys.stdout.write(answer(json.loads(line)) + '\\n')
    sys.stdout.flush()
`;

/** python3 as one long-lived process that does not keep Node alive; requests are answered in order. */
export function persistentPythonEngine(command: string): ScriptEngine {
  let child: ChildProcessWithoutNullStreams | undefined;
  let buffer = '';
  const waiting: { resolve: (text: string) => void; reject: (error: Error) => void }[] = [];
  const start = (): ChildProcessWithoutNullStreams => {
    const process = spawn(command, ['-u', '-c', SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    process.stdout.setEncoding('utf8');
    process.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        waiting.shift()?.resolve(line);
        if (waiting.length === 0) hold(false);
        newline = buffer.indexOf('\n');
      }
    });
    const fail = (error: Error): void => {
      child = undefined;
      for (const w of waiting.splice(0)) w.reject(new ScriptError(`${command} stopped: ${error.message}`));
    };
    process.on('error', fail);
    process.on('exit', (code) => fail(new Error(`exit code ${String(code)}`)));
    return process;
  };
  /** Keeps Node alive only while an answer is awaited. */
  const hold = (on: boolean): void => {
    if (!child) return;
    for (const handle of [child, child.stdout, child.stderr, child.stdin] as unknown as { ref(): void; unref(): void }[]) {
      if (on) handle.ref();
      else handle.unref();
    }
  };
  return {
    name: `${command} (persistent)`,
    run: (script, handler, payload) =>
      new Promise<string>((resolve, reject) => {
        child ??= start();
        waiting.push({ resolve, reject });
        hold(true);
        child.stdin.write(JSON.stringify({ script, handler, payload }) + '\n');
      }).then(answerOf),
  };
}

let chosen: ScriptEngine | undefined;

/** python3 when the machine has it, else Pyodide; DBAUTH_SCRIPT_ENGINE=pyodide chooses Pyodide anyway. */
export function defaultScriptEngine(): ScriptEngine {
  if (!chosen) {
    const command = process.env.DBAUTH_SCRIPT_ENGINE === 'pyodide' ? undefined : pythonCommand();
    chosen = command ? persistentPythonEngine(command) : pyodideEngine();
  }
  return chosen;
}
