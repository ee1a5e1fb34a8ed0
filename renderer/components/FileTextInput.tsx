// Opens one or more local files and hands their text on. The page never sees a path: only the
// file's name and content, which then go to the bridge for validation. The native control is kept
// (keyboard, screen readers, drag-and-drop) but shown as a button with the chosen file's name.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

export interface OpenedFile {
  name: string;
  text: string;
}

export function FileTextInput(props: { label: string; hint?: string; accept: string; multiple?: boolean; onFiles(files: OpenedFile[]): void }) {
  const id = useId();
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <div className="field file-field">
      {props.hint ? (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        type="file"
        className="file-input"
        accept={props.accept}
        multiple={props.multiple}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length === 0) return;
          setProblem(null);
          setChosen(files.map((f) => f.name).join(', '));
          Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })))
            .then(props.onFiles)
            .catch((error: unknown) => setProblem(String(error)));
        }}
      />
      <label htmlFor={id} className="file-button">
        <Icon name="folder" /> {props.label}
      </label>
      {chosen ? <span className="file-chosen">{chosen}</span> : null}
      {problem ? (
        <p className="field-problem" role="alert">
          {t('app.common.fileUnreadable', { reason: problem })}
        </p>
      ) : null}
    </div>
  );
}
