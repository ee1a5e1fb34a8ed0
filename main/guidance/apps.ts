// Which app a host belongs to, for results that carry no `app` (a lab scenario's own hosts, a
// custom list). Only domains that belong to exactly one app in the bundled target sets are named
// here; test/unit/guidance-apps.test.ts checks the table against main/targets/data.
import { summariseApps, type AppSummary } from '../analysis/app-summary.ts';
import { summariseMessengers, type MessengerSummary } from '../analysis/messengers.ts';
import type { Result } from '../contract/run.ts';
import type { Method, Status } from '../contract/verdict.ts';

const APP_DOMAINS: Readonly<Record<string, string>> = {
  'tiktok.com': 'tiktok',
  'tiktokv.com': 'tiktok',
  'tiktokcdn.com': 'tiktok',
  'tiktokcdn-us.com': 'tiktok',
  'byteoversea.com': 'tiktok',
  'ibytedtos.com': 'tiktok',
  'ttwstatic.com': 'tiktok',
  'bytedapm.com': 'tiktok',
  'whatsapp.com': 'whatsapp',
  'whatsapp.net': 'whatsapp',
  'telegram.org': 'telegram',
  'telegram.me': 'telegram',
  't.me': 'telegram',
  'signal.org': 'signal',
  'instagram.com': 'instagram',
  'youtube.com': 'youtube',
  'twitter.com': 'x-twitter',
  'x.com': 'x-twitter',
  'linkedin.com': 'linkedin',
  'zoom.us': 'zoom',
  'skype.com': 'skype',
  'messenger.com': 'facebook-messenger',
};

/** The app a host belongs to, or null when it is not one of the known apps' own domains. */
export function appForHost(host: string): string | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i += 1) {
    const app = APP_DOMAINS[labels.slice(i).join('.')];
    if (app) return app;
  }
  return null;
}

/** Apps with their own sentence on what a block means for people (`app.impact.<app>` in locales). */
export const APPS_WITH_IMPACT = ['tiktok', 'whatsapp', 'telegram', 'youtube', 'instagram', 'facebook', 'x-twitter', 'signal'] as const;

export function hasImpactText(app: string): boolean {
  return (APPS_WITH_IMPACT as readonly string[]).includes(app);
}

export interface ResultForApps {
  host: string;
  app?: string | undefined;
  status: Status;
  method: Method | null;
}

/** Per-app summaries (the CLI's rule, main/analysis/app-summary.ts), naming apps by host when a result has none. */
export function appSummaries(results: readonly ResultForApps[]): AppSummary[] {
  return summariseApps(
    results.map((r) => {
      const app = r.app ?? appForHost(r.host);
      return { host: r.host, status: r.status, method: r.method, ...(app ? { app } : {}) };
    }),
  );
}

/** Messengers judged as OONI's messenger tests judge them (main/analysis/messengers.ts), for the screen. */
export function messengerSummaries(results: readonly Result[]): MessengerSummary[] {
  return summariseMessengers(results);
}
