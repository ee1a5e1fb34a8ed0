// A calm box for something the person should know: information, a warning, or a problem.
import type { ReactNode } from 'react';

export type NoticeTone = 'info' | 'warning' | 'problem' | 'success';

export function Notice({ tone, title, children, live = false }: { tone: NoticeTone; title?: string; children?: ReactNode; live?: boolean }) {
  return (
    <div className={`notice notice-${tone}`} role={live ? 'status' : undefined}>
      {title ? <p className="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}
