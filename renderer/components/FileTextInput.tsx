// Opens one or more local files and hands their text on. The page never sees a path: only the
// file's name and content, which then go to the bridge for validation.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface OpenedFile {
  name: string;
  text: string;
}

export function FileTextInput(props: { label: string; hint?: string; accept: string; multiple?: boolean; onFiles(files: OpenedFile[]): void }) {
  const id = useId();
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length === 0) return;
          setProblem(null);
          Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })))
            .then(props.onFiles)
            .catch((error: unknown) => setProblem(String(error)));
        }}
      />
      {problem ? (
        <p className="field-problem" role="alert">
          {t('app.common.fileUnreadable', { reason: problem })}
        </p>
      ) : null}
    </div>
  );
}
