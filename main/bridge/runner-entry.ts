// Entry point of the runner process: `utilityProcess.fork('dist/main/bridge/runner-entry.js')` in
// the app, `child_process.fork('main/bridge/runner-entry.ts', { execArgv: ['--import', 'tsx'] })`
// under Node. Nothing else happens on import.
import { processPort, serveRunner } from './runner-host.ts';

serveRunner(processPort());
