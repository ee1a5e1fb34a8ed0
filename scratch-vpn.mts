import { commandSplitTunnel } from './main/commands/split-tunnel.ts';
const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s), isTTY: false };
const resolve = async (h: string) => ({ 'kapitalbank.az': ['185.100.72.10'], 'my.gov.az': ['85.132.33.4'] } as Record<string,string[]>)[h] ?? [];
await commandSplitTunnel(['--exclude', 'kapitalbank.az', 'my.gov.az', '--lang', process.argv[2] ?? 'en'], io, { resolve });
