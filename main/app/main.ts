// Entry point of the Electron main process (package.json "main": dist/main/app/main.js). The only
// module of the shell that loads Electron; everything else gets it handed in.
import electron from 'electron';
import { join } from 'node:path';
import { createBridgeService } from '../bridge/service.ts';
import { productionFetchText, productionResolveHost, productionVpnDeps } from '../bridge/production.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { softwareInfo } from '../version.ts';
import { createUtilityExecutor } from './runner-process.ts';
import { startShell } from './shell.ts';

startShell(
  electron,
  {
    rendererDir: join(PACKAGE_ROOT, 'dist', 'renderer'),
    preload: join(PACKAGE_ROOT, 'dist', 'app', 'preload.cjs'),
  },
  {
    createService: createBridgeService,
    createExecutor: createUtilityExecutor,
    serviceExtras: { vpn: productionVpnDeps(), resolveHost: productionResolveHost, fetchText: productionFetchText },
    about: { ...softwareInfo(), electron: process.versions.electron },
    log: (message) => console.warn(`yoxla: ${message}`),
    platform: process.platform,
    argv: process.argv,
    workingDirectory: process.cwd(),
    onSignal: (signal, handler) => process.once(signal, handler),
  },
);
