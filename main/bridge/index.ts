// The bridge for the app shell (main/app) in one import: the service, the executors (in-process,
// and in a runner process), the renderer's CSP and the production dependencies.
export { createBridgeService } from './service.ts';
export { createInProcessExecutor, type InProcessExecutorOptions } from './executor.ts';
export { createChildExecutor, type ChildExecutor, type ChildExecutorOptions } from './child-executor.ts';
export { forkRunner, runnerEntryPath, utilityRunner, type UtilityProcessLike } from './runner-ports.ts';
export { RENDERER_CSP } from './csp.ts';
export { productionFetchText, productionResolveHost, productionVpnDeps } from './production.ts';
export { labVpnDeps } from './lab-vpn.ts';
export type * from './types.ts';
