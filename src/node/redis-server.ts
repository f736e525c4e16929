// A real redis-server (Debian's package) on a free loopback port, for the queue tests and the fleet
// bench; stopped after.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const port = (s.address() as { port: number }).port; s.close(() => resolve(port)); });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { resolve(/^(\+PONG|-NOAUTH)/.test(String(d))); sock.destroy(); }); // up, with or without a password
    sock.on('error', () => resolve(false));
  });
}

/** `args`: more redis-server options (e.g. --requirepass). */
export async function startRedis(args: string[] = []): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', ...args], { stdio: 'ignore' });
  let missing = false;
  child.on('error', () => { missing = true; });
  for (let i = 0; i < 100 && !missing && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (missing) throw new Error('redis-server is not installed: run `bash scripts/ensure.sh --with-redis` (Debian: apt-get install redis-server)');
  if (!(await ping(port))) { child.kill('SIGKILL'); throw new Error(`redis-server did not start on port ${port}`); }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}
