// The lab's VPN comparison end to end: the vpn path is foreign and uncensored, fenced sites turn it
// away in each of their ways, and the run JSON's vpnImpact names the geo-fence signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../main/lab/load.ts';
import { runLabScenarioWithVpn, vpnComparisonTargets } from '../../main/lab/run-lab-vpn.ts';
import { scenarioTargets } from '../../main/lab/run-lab.ts';
import { ScenarioSchema } from '../../main/lab/scenario.ts';
import { RunSchema } from '../../main/contract/run.ts';
import { resolveSets } from '../../main/targets/sets.ts';

const DIR = join(import.meta.dirname, '..', '..', 'main', 'lab', 'scenarios');

test('each way of fencing out foreign users leaves its signature in vpnImpact', async () => {
  const scenario = await loadScenario(join(DIR, 'vpn-geofence-styles.json'));
  const run = RunSchema.parse(await runLabScenarioWithVpn(scenario, { concurrency: 8 }));
  const signatures = Object.fromEntries(run.vpnImpact.map((i) => [i.host, [i.verdict, i.evidence?.vpn.signature, i.evidence?.domestic.signature]]));
  assert.deepEqual(signatures, {
    'bank-403.lab.az': ['breaks-with-vpn', 'http-403', null],
    'bank-451.lab.az': ['breaks-with-vpn', 'http-451', null],
    'pay-check.lab.az': ['breaks-with-vpn', 'captcha', null],
    'gov-reset.lab.az': ['breaks-with-vpn', 'connection-reset', null],
    'gov-timeout.lab.az': ['breaks-with-vpn', 'timeout', null],
    'operator-tls.lab.az': ['breaks-with-vpn', 'tls-failure', null],
  });
  const tls = run.vpnImpact.find((i) => i.host === 'operator-tls.lab.az');
  assert.equal(tls?.evidence?.vpn.failure, 'ssl_failed_handshake');
  // The run is the domestic one: its network is the scenario's ISP, the VPN off.
  assert.deepEqual([run.network.asn, run.network.cc, run.network.vpn], ['AS28787', 'AZ', 'off']);
});

test('the comparison covers the scenario sites and the local set, not every target of a big list', () => {
  const scenario = ScenarioSchema.parse({ schema: 'yoxla.lab/1', name: 'x', sites: { 'kapitalbank.az': { geofence: 'domestic-only' } }, expectVpn: { 'www.nar.az': 'works-both' } });
  const targets = [...resolveSets('news').slice(0, 5), ...resolveSets('local'), ...scenarioTargets(scenario)];
  const compared = vpnComparisonTargets(scenario, targets);
  assert.ok(compared.every((t) => t.set === 'local' || t.host === 'kapitalbank.az' || t.host === 'www.nar.az'));
  assert.equal(compared.filter((t) => t.set === 'local').length, resolveSets('local').length);
  assert.ok(!compared.some((t) => t.set === 'news'));
});
