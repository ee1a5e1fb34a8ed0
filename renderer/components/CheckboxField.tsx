// A checkbox with its label and, below, what choosing it means.
import { useId, type ReactNode } from 'react';

export function CheckboxField(props: { label: string; hint?: ReactNode; checked: boolean; disabled?: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <div id={`${id}-hint`} className="hint">
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}
