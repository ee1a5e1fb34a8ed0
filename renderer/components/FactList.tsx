// Terms and their values as a description list (run facts, the evidence behind a verdict).
import type { ReactNode } from 'react';

export function FactList({ rows, className }: { rows: readonly (readonly [string, ReactNode])[]; className?: string }) {
  return (
    <dl className={className ? `facts ${className}` : 'facts'}>
      {rows.map(([term, value]) => (
        <div key={term} className="fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
