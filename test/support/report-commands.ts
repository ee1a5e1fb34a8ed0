// Runs `report` or `merge` as its own process, as cli.ts will once they are wired into it: one
// line and exit 2 for a UsageError. Lets the tests drive real processes without touching cli.ts.
// YOXLA_TEST_TTY=1 makes the process behave as on a terminal, answering prompts with
// YOXLA_TEST_ANSWER (and writing the question to stderr).
import { commandReport, type Io } from '../../main/commands/report.ts';
import { commandMerge } from '../../main/commands/merge.ts';
import { UsageError } from '../../main/commands/usage-error.ts';

const [command, ...args] = process.argv.slice(2);
const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.env.YOXLA_TEST_TTY === '1',
  ask: async (question) => {
    process.stderr.write(question);
    return process.env.YOXLA_TEST_ANSWER ?? '';
  },
};
const handlers: Record<string, (args: string[], io: Io) => Promise<number>> = { report: commandReport, merge: commandMerge };
const handler = handlers[command ?? ''];
try {
  if (!handler) throw new UsageError(`unknown command ${command ?? ''}`);
  process.exitCode = await handler(args, io);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`yoxla: ${err.message}\n`);
  process.exitCode = 2;
}
