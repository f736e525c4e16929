// Runs the built CLI as a user would and captures its exit code, output and how long it took.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

export interface CliControl {
  /** Called with each chunk of stderr; `child` can be signalled. */
  onStderr?: (chunk: string, child: ChildProcess) => void;
  /** Called once the process started. */
  onStart?: (child: ChildProcess) => void;
  env?: Record<string, string>;
  /** SIGKILL after this long: a command that must fail at once cannot hang the test (signal says it was killed). */
  killAfterMs?: number;
}

export function runCli(args: string[], opts: CliControl = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['bin/fude.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let stdout = '', stderr = '';
    opts.onStart?.(child);
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; opts.onStderr?.(String(d), child); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 }); });
  });
}
