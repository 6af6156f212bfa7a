/**
 * CPU time of the bench's processes, read from Linux's /proc: no Node API
 * reports another process's CPU time. Linux only: elsewhere (no /proc) there
 * is no reading, and the bench prints `-`.
 *
 * The kernel counts in clock ticks (`getconf CLK_TCK`, normally 100 a
 * second, so 10 ms resolution): read it before and after a whole run and
 * divide by the requests sent, never per request. A process's children are
 * found by the parent pid in their own stat, which every Linux kernel has (unlike
 * /proc/<pid>/task/<tid>/children).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface CpuTimes {
  /** The Worker: the `workerd` process under the `wrangler dev` child that runs it. */
  workerMs: number;
  /**
   * The rest of that child's tree, what production does not have: wrangler's
   * Node processes, and the `workerd` of its dev proxy, which listens on the
   * port `wrangler dev` serves and forwards every request to the Worker's.
   */
  proxyMs: number;
  /** Every `postgres` process on this machine, with its reaped children; null when none is visible. */
  postgresMs: number | null;
}

interface ProcessStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime: this process's own CPU time. */
  ticks: number;
  /** cutime + cstime: its children's that have exited and been waited for. */
  childTicks: number;
}

const msPerTick = existsSync('/proc/self/stat')
  ? 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  : undefined;

/**
 * CPU milliseconds used so far by the process tree of `rootPid` (a
 * `wrangler dev` child serving on `devPort`), split into the Worker and the
 * rest, and by PostgreSQL. A backend that exits moves its time into the
 * postmaster's cutime, so the sum for postgres does not drop when the pool
 * closes a connection.
 */
export function cpuTimes(rootPid: number, devPort: number): CpuTimes | null {
  if (msPerTick === undefined) return null;
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(readStat)
    .filter((stat) => stat !== undefined);
  const tree = new Set([rootPid]);
  // Parents have lower pids unless pids wrapped around: repeat until the tree stops growing.
  for (let size = 0; size !== tree.size; ) {
    size = tree.size;
    for (const stat of all) if (tree.has(stat.ppid)) tree.add(stat.pid);
  }
  let worker = 0;
  let proxy = 0;
  let postgres: number | null = null;
  for (const stat of all) {
    if (tree.has(stat.pid)) {
      if (stat.comm === 'workerd' && !listensOn(stat.pid, devPort)) worker += stat.ticks;
      else proxy += stat.ticks;
    }
    if (stat.comm === 'postgres') postgres = (postgres ?? 0) + stat.ticks + stat.childTicks;
  }
  return {
    workerMs: worker * msPerTick,
    proxyMs: proxy * msPerTick,
    postgresMs: postgres === null ? null : postgres * msPerTick,
  };
}

/** Whether workerd was started to serve `port` (`--socket-addr=entry=127.0.0.1:PORT`): wrangler's proxy is. */
function listensOn(pid: number, port: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .some((arg) => arg.startsWith('--socket-addr=') && arg.endsWith(`:${port}`));
  } catch {
    return false;
  }
}

function readStat(pid: string): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited since /proc was listed
  }
  // The command name is in parentheses and may hold spaces or parentheses itself: the fields resume after the last `)`.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' '); // from field 3, state (proc(5) numbers fields from 1)
  return {
    pid: Number(pid),
    comm: text.slice(text.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
    childTicks: Number(fields[13]) + Number(fields[14]),
  };
}
