// For trainers: what the lab emulated in this run, method by method, in the words a room needs.
import { useTranslation } from 'react-i18next';
import type { Run } from '../../main/contract/run.ts';
import type { Method } from '../../main/contract/verdict.ts';

export function LabExplanation({ run }: { run: Run }) {
  const { t, i18n } = useTranslation();
  if (run.mode !== 'lab') return null;
  const byMethod = new Map<Method, string[]>();
  for (const r of run.results) if (r.status === 'blocked' && r.method) byMethod.set(r.method, [...(byMethod.get(r.method) ?? []), r.host]);
  const scenarioKey = `app.trainer.scenarios.${run.scenario ?? ''}`;
  return (
    <section className="lab-explanation" aria-labelledby="lab-heading">
      <h2 id="lab-heading">{t('app.trainer.explain.heading')}</h2>
      {run.scenario && i18n.exists(scenarioKey) ? <p>{t(scenarioKey)}</p> : null}
      <p>{t('app.trainer.explain.intro')}</p>
      {byMethod.size === 0 ? (
        <p>{t('app.trainer.explain.nothingBlocked')}</p>
      ) : (
        <ul className="plain">
          {[...byMethod].map(([method, hosts]) => (
            <li key={method} className="lab-method">
              <p>
                <strong>{t(`method.${method}.short`)}</strong> — {t('app.trainer.explain.hosts', { count: hosts.length, hosts: hosts.join(', ') })}
              </p>
              <p>{t(`verdict.blocked.${method}.what`)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
