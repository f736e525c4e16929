// Rebuilds the browser bundle from src/ so the page under test runs the code under test.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', 'browser'], { stdio: 'inherit' });
}
