// Shared by the kernel-level tests: running system tools and deciding whether network namespaces
// and iptables are usable here (root on Linux with `ip` and `iptables`), with the reason if not.
import { spawnSync } from 'node:child_process';

export function run(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}` };
}

/** Why kernel tests cannot run here, or null when they can; `probeName` is a namespace made and removed to find out. */
export function namespacesUnavailable(probeName: string): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces and iptables need root';
  for (const tool of ['ip', 'iptables']) if (!run(['sh', '-c', `command -v ${tool}`]).ok) return `${tool} is not installed`;
  const made = run(['ip', 'netns', 'add', probeName]);
  run(['ip', 'netns', 'del', probeName]);
  return made.ok ? null : `cannot create a network namespace: ${made.out.trim()}`;
}
