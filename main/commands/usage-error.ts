// Bad input on the command line: the CLI prints the message on one line and exits with 2.
// (cli.ts has its own class; `main()` should treat this one the same way.)
export class UsageError extends Error {}
