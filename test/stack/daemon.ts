import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every daemon this process started and has not stopped yet: killed when the process exits. */
const running = new Set<ChildProcess>();
/** Temp dirs still in use: removed when the process exits without stopping its stacks. */
const scratchDirs = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

export function removeOnExit(dir: string): () => void {
  scratchDirs.add(dir);
  return () => scratchDirs.delete(dir);
}

// setpriv (util-linux, always on Debian) sets PR_SET_PDEATHSIG before exec, so the kernel kills the
// daemon even when this Node process dies from SIGKILL and no 'exit' handler runs.
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

export interface Daemon {
  name: string;
  /** The last lines the daemon wrote to stdout/stderr, for error messages. */
  log(): string;
  /** How many lines the daemon has written so far (a mark for `linesSince`). */
  lineCount(): number;
  /** Lines written after `mark` (as far as they are still kept). */
  linesSince(mark: number): string[];
  /** Rejects as soon as the daemon exits, with its last output. */
  exited: Promise<never>;
  stop(): Promise<void>;
}

export function startDaemon(name: string, command: string, args: string[], cwd: string): Daemon {
  const argv = SETPRIV ? ['--pdeathsig', 'KILL', '--', command, ...args] : args;
  const child = spawn(SETPRIV ?? command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines: string[] = [];
  let total = 0;
  const keep = (chunk: Buffer) => {
    const fresh = chunk.toString('utf8').split('\n').filter(Boolean);
    total += fresh.length;
    lines.push(...fresh);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const log = () => lines.slice(-40).join('\n');
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`${name} could not start: ${error.message}`)));
    child.once('exit', (code, signal) => {
      running.delete(child);
      reject(new Error(`${name} exited (${signal ?? code}):\n${log()}`));
    });
  });
  exited.catch(() => {});
  return {
    name,
    log,
    lineCount: () => total,
    linesSince: (mark) => lines.slice(Math.max(0, lines.length - (total - mark))),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** Runs a short command (kdig, keymgr, knotc, unbound-control) and returns its stdout. */
export async function runTool(command: string, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, timeout: 10_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * Resolves when `probe` succeeds; rejects when a daemon dies, when `fatal` finds a reason to give
 * up (an error it logged), or when the time is up.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  daemons: Daemon[],
  fatal: () => Error | undefined = () => undefined,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const died = Promise.race(daemons.map((daemon) => daemon.exited));
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const ok = await Promise.race([probe().catch(() => false), died]);
    if (ok) return;
    const reason = fatal();
    if (reason) throw reason;
    if (Date.now() > deadline) {
      const logs = daemons.map((daemon) => `--- ${daemon.name}\n${daemon.log()}`).join('\n');
      throw new Error(`timed out waiting for ${what}\n${logs}`);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), died]);
  }
}
