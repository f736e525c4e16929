// Runs the built CLI as a user would and captures its exit code and output.
import { spawn } from 'node:child_process';

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function runCli(args: string[], opts: { onStderr?: (chunk: string, kill: (sig: NodeJS.Signals) => void) => void } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/fude.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; opts.onStderr?.(String(d), (sig) => child.kill(sig)); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
