// Settings → Advanced as the endpoints of a run: what the person chose, the defaults elsewhere.
import type { Settings } from '../contract/bridge.ts';
import type { RunEndpoints } from '../contract/endpoints.ts';
import { dohAddressProblem, urlIpLiteral } from '../contract/endpoint-rules.ts';

export function endpointsOfSettings(settings: Settings): RunEndpoints {
  const doh = settings.dohUrl;
  const dohAddress = settings.dohAddress ?? (doh ? urlIpLiteral(doh) : null);
  return {
    ...(settings.controlUrl ? { control: settings.controlUrl } : {}),
    ...(doh && dohAddress ? { doh: { url: doh, address: dohAddress } } : {}),
    ...(settings.portalCheckUrl ? { portalCheck: settings.portalCheckUrl } : {}),
    ...(!settings.lookupEgress ? { egress: false as const } : settings.egressUrl ? { egress: settings.egressUrl } : {}),
  };
}

/** Why the settings' endpoints cannot be used together (a DoH URL by name without its address); null when they can. */
export function settingsEndpointsProblem(settings: Settings): string | null {
  return dohAddressProblem(settings.dohUrl, settings.dohAddress);
}
