import { useRef } from 'react';
import type { ScenarioIssue } from '../core.js';

/** Props of the scenario editor. */
export interface EditorProps {
  readonly file: string;
  readonly text: string;
  readonly issues: readonly ScenarioIssue[];
  readonly onChange: (text: string) => void;
}

/** The character offset where `line` (from 1) starts, and where it ends. */
function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}

/** A YAML editor with live validation: each problem as `line:col: message`; a click selects its line. */
export function Editor({ file, text, issues, onChange }: EditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const show = (issue: ScenarioIssue) => {
    const box = area.current;
    if (!box || issue.file !== file) return;
    const [start, end] = lineRange(text, issue.line);
    box.focus();
    box.setSelectionRange(start, end);
    const lineHeight = box.scrollHeight / Math.max(1, text.split('\n').length);
    box.scrollTop = Math.max(0, (issue.line - 5) * lineHeight);
  };
  return (
    <section className="panel editor" aria-labelledby="editor-title">
      <h2 id="editor-title">
        Scenario file <code>{file}</code>
      </h2>
      <textarea
        ref={area}
        aria-label="Scenario YAML"
        spellCheck={false}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issues.length > 0}
        aria-describedby="editor-issues"
      />
      <div id="editor-issues" role="status" className={issues.length ? 'issues bad' : 'issues ok'}>
        {issues.length === 0 ? (
          '✓ valid'
        ) : (
          <ul aria-label="Problems">
            {issues.map((issue) => (
              <li key={`${issue.file}:${issue.line}:${issue.col}:${issue.message}`}>
                <button type="button" className="link" onClick={() => show(issue)}>
                  {issue.file === file ? '' : `${issue.file}:`}
                  {issue.line}:{issue.col}: {issue.message}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
