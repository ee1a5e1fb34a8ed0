// Settings > About this version: what produces the evidence (the app's and the engine's versions,
// the bundled target lists' dates), the same facts as Help > About and every report's footer.
import { useTranslation } from 'react-i18next';
import { buildInfo } from '../bridge.ts';
import { FactList } from './FactList.tsx';

export function BuildInfoSection() {
  const { t } = useTranslation();
  const build = buildInfo();
  if (!build) return null;
  const lists = Object.entries(build.targetLists)
    .map(([list, date]) => t('app.settings.build.list', { list, date }))
    .join(', ');
  return (
    <section className="build-info" aria-labelledby="build-info-heading">
      <h2 id="build-info-heading">{t('app.settings.build.heading')}</h2>
      <FactList
        rows={[
          [t('app.settings.build.version'), build.version],
          [t('app.settings.build.engine'), build.engine],
          ...(build.electron ? [[t('app.settings.build.electron'), build.electron] as const] : []),
          [t('app.settings.build.lists'), lists],
        ]}
      />
    </section>
  );
}
