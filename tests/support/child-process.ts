import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const REGISTER = path.join(__dirname, 'ts-register.js');

export interface CommandRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to this process's environment (the child gets NODE_ENV=test and no DATABASE_URL unless given one). */
  env?: Record<string, string>;
  /** Written to the child's standard input, which is then closed. */
  stdin?: string;
  /** Kills the child (SIGKILL) as soon as its standard error matches. */
  killWhenStderr?: RegExp;
}

/**
 * Runs Node on these arguments in its own process from the project folder and resolves with
 * how it ended and all it wrote. Jest's NODE_OPTIONS are not passed on: the child is a plain Node.
 */
export function runNode(args: string[], options: RunOptions = {}): Promise<CommandRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', ...options.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env });
    const run: CommandRun = { code: null, signal: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (run.stdout += chunk));
    child.stderr.on('data', (chunk) => {
      run.stderr += chunk;
      if (options.killWhenStderr?.test(run.stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ ...run, code, signal }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs a TypeScript entry point of the project (a CLI command's source) as `npm run` would run its build. */
export function runScript(script: string, args: string[], options: RunOptions = {}): Promise<CommandRun> {
  return runNode(['-r', REGISTER, path.join(ROOT, script), ...args], options);
}
