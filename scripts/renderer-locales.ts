// What of locales/ the renderer bundle leaves out (vite.config.ts prunes it).
/**
 * Locale text only the main process, the CLI or the exported report shows (the app's menu and
 * dialogs, `yoxla explain`, the CLI's tables, the report's methodology, banner, footer and CSV
 * columns, the VPN wizard's CLI steps): left out of
 * the renderer's bundle to keep it small. test/unit/locales-renderer.test.ts checks that the
 * renderer's code names none of these keys.
 */
export const NOT_IN_RENDERER: Readonly<Record<string, readonly string[] | 'all'>> = {
  'menu.json': 'all',
  'app-dialogs.json': 'all',
  'explain.json': 'all',
  'report.json': ['title', 'lede', 'summary', 'banner', 'apps', 'method', 'footer', 'csv', 'cli', 'vpnImpact'],
  'cli.json': ['status', 'table', 'interrupted', 'wrote', 'noControlHint'],
  'vpn.json': ['evidence', 'phase', 'undecided'],
  'strategies.json': ['table', 'report', 'cli'],
};
