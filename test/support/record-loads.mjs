// Module hooks for test/cli/cli-startup.test.ts: every module URL this process loads, sent back
// to the main thread through the port given at registration.
let port;

export function initialize(data) {
  port = data.port;
}

export async function load(url, context, nextLoad) {
  port.postMessage(url);
  return nextLoad(url, context);
}
