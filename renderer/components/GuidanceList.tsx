// "What you can do": the ranked options from main/guidance, each with how well it works against
// what was seen here, how safe it is, and what was tried on this connection (with what each way
// that worked does and does not hide).
import { useTranslation } from 'react-i18next';
import type { GuidanceOption } from '../../main/guidance/index.ts';
import { Icon } from './Icon.tsx';

function Tested({ option }: { option: GuidanceOption }) {
  const { t } = useTranslation();
  if (option.tested.length === 0) return null;
  return (
    <div className="tested">
      <p className="tested-title">{t('guidance.tested.heading')}</p>
      <ul className="plain">
        {option.tested.map(({ strategy, outcome, code }) => (
          <li key={strategy} className={`tested-${outcome}`}>
            {t(`strategy.name.${strategy}`)}: <strong>{t(`strategy.outcome.${outcome}`)}</strong>. {t(`strategy.evidence.${code}`, { defaultValue: code })}
            {outcome === 'works' ? <p className="safety-note">{t(`strategy.about.${strategy}`)}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Option({ option }: { option: GuidanceOption }) {
  const { t } = useTranslation();
  return (
    <li className={`option effect-${option.effectiveness}`} data-option={option.id}>
      <h5>{t(option.titleKey)}</h5>
      <p className="badges">
        {option.circumvents ? <span className={`badge effect effect-${option.effectiveness}`}>{t(`guidance.effectiveness.${option.effectiveness}`)}</span> : null}
        {/* Advice that gets around nothing (wait, log in to the Wi-Fi) carries no risk badge: its own text says it is safe. */}
        {option.circumvents ? (
          <span className={`badge safety safety-${option.safety}`}>
            <Icon name={option.safety === 'low-risk' ? 'shield' : 'caution'} /> {t(`guidance.safety.${option.safety}`)}
          </span>
        ) : null}
      </p>
      <p>{t(option.howKey)}</p>
      <p className="safety-note">{t(option.safetyKey)}</p>
      <Tested option={option} />
    </li>
  );
}

/** The options shown open; the rest fold under "More ways". */
const SHOWN = 2;

export function GuidanceList({ options, fallback }: { options: GuidanceOption[]; fallback: string }) {
  const { t } = useTranslation();
  const shown = options.slice(0, SHOWN);
  const more = options.slice(SHOWN);
  return (
    <section className="guidance">
      <h4>{t('guidance.heading')}</h4>
      {options.length === 0 ? (
        <p>{fallback}</p>
      ) : (
        <ol className="options">
          {shown.map((o) => (
            <Option key={o.id} option={o} />
          ))}
        </ol>
      )}
      {more.length > 0 ? (
        <details className="more-options">
          <summary>{t('app.glance.moreWays', { count: more.length })}</summary>
          <ol className="options" start={SHOWN + 1}>
            {more.map((o) => (
              <Option key={o.id} option={o} />
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
