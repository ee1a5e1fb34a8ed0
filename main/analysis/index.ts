// The analysis: pure functions from recorded observations to a verdict.
export { analyze, type AnalysisInput } from './web.ts';
export {
  BODY_PROPORTION_FACTOR,
  blockpageReason,
  bodyLengthMatch,
  compareHttp,
  controlHttpOk,
  headersMatch,
  pageDiffers,
  statusCodeMatch,
  titleMatch,
  type BlockpageReason,
  type BodyLengthCheck,
  type ControlResponse,
  type HttpComparison,
  type ProbeResponse,
} from './compare.ts';
export {
  bogonRange,
  dnsConsistency,
  normalizeIp,
  type DnsConsistency,
  type DnsConsistencyInput,
  type DnsConsistencyReason,
  type DnsConsistencyResult,
} from './dns-consistency.ts';
export { analyzeThroughput, THROTTLE_RATIO, type ThroughputResult } from './throughput.ts';
export {
  EXPLANATION_KEYS,
  INCONCLUSIVE_REASONS,
  NOTES,
  blockedKey,
  inconclusiveKey,
  methodShortKey,
  type InconclusiveReason,
  type Note,
} from './keys.ts';
export {
  MESSENGER_KEYS,
  messengerTestOf,
  summariseMessengers,
  type FacebookMessengerTestKeys,
  type MessengerEndpointResult,
  type MessengerSummary,
  type MessengerTestName,
  type SignalTestKeys,
  type TelegramTestKeys,
  type WhatsappTestKeys,
} from './messengers.ts';
