/**
 * Memory of the browser the benchmark launched, from Linux's /proc: the resident set of every
 * process of that browser (the processes that name its profile folder, and their descendants), sampled on a timer so
 * a load's peak is caught. The model worker runs inside the page's renderer process, and WebAssembly
 * memory is outside the JS heap that CDP's `Performance.getMetrics` reports, so the resident set is
 * what says how much memory the load really took.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySample {
  /** Resident set of all the browser's processes, bytes (shared pages counted once per process). */
  readonly totalRss: number;
  /** The largest single process (the renderer running the page and its worker). */
  readonly largestRss: number;
}

function rssOf(pid: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0; // the process ended between the listing and the read
  }
}

/** The parent pid of each process. */
function parents(): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (ppid) map.set(entry, ppid);
    } catch {
      // gone, or not ours to read
    }
  }
  return map;
}

/**
 * The browser's processes: those whose command line names `marker` (the browser's own
 * --user-data-dir) and all their descendants (zygotes, renderers, the GPU and utility processes).
 */
function browserPids(marker: string): string[] {
  const ppids = parents();
  const roots = new Set<string>();
  for (const pid of ppids.keys()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) roots.add(pid);
    } catch {
      // gone
    }
  }
  const inTree = (pid: string): boolean => {
    for (let p: string | undefined = pid, depth = 0; p && depth < 32; p = ppids.get(p), depth++) if (roots.has(p)) return true;
    return false;
  };
  return [...ppids.keys()].filter(inTree);
}

export function sampleMemory(marker: string): MemorySample {
  const sizes = browserPids(marker).map(rssOf);
  return { totalRss: sizes.reduce((a, b) => a + b, 0), largestRss: Math.max(0, ...sizes) };
}

/** Samples every `intervalMs` until `stop()`, which returns the peak and the last sample. */
export function startMemoryWatch(marker: string, intervalMs = 100): { stop(): { peak: MemorySample; last: MemorySample } } {
  let peak = sampleMemory(marker);
  let last = peak;
  const take = () => {
    last = sampleMemory(marker);
    peak = { totalRss: Math.max(peak.totalRss, last.totalRss), largestRss: Math.max(peak.largestRss, last.largestRss) };
  };
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peak, last };
    },
  };
}
