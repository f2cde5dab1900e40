// CPU time and resident memory of a process tree, from /proc (Linux only).

import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state(0) ppid(1) … utime(11) stime(12).
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** `root` and all its live descendants. */
export function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = stat(name);
    if (!info) continue;
    const list = children.get(info.ppid) ?? [];
    list.push(Number(name));
    children.set(info.ppid, list);
  }
  const tree = [];
  const walk = (pid) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

/** CPU seconds (user + system) used so far by the tree's live processes. */
export function treeCpuSeconds(root) {
  let ticks = 0;
  for (const pid of processTree(root)) ticks += stat(pid)?.cpuTicks ?? 0;
  return ticks / TICKS_PER_SECOND;
}

function statusField(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sum over the tree of each process's resident set now (VmRSS) and at its peak (VmHWM), bytes. */
export function treeMemory(root) {
  let rssBytes = 0;
  let peakBytes = 0;
  for (const pid of processTree(root)) {
    rssBytes += statusField(pid, 'VmRSS');
    peakBytes += statusField(pid, 'VmHWM');
  }
  return { rssBytes, peakBytes };
}

/** Resident set of each process in the tree, bytes. */
export function perProcessRss(root) {
  return processTree(root).map((pid) => ({ pid, rssBytes: statusField(pid, 'VmRSS') }));
}
