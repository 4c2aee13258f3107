import { useCallback, useEffect, useState } from 'react';
import { narrate, type Scenario, type ScenarioIssue, scenarioWorld } from '../core.js';
import { BatchPanel } from './batch-panel.js';
import { DownloadLink } from './download-link.js';
import { Editor } from './editor.js';
import { humanDate } from './format.js';
import { useKeptWork, useShareLinks, type Work } from './keep-work.js';
import { type Note, Notes } from './notes.js';
import { PlayPanel } from './play-panel.js';
import { browserStorage, loadWork, type WorkStorage } from './saved-work.js';
import { shippedScenarios, validate } from './scenarios.js';
import { ShareBar } from './share-bar.js';
import { Statechart } from './statechart.js';
import { TimelineView } from './timeline-view.js';
import { useRun, useValueAt } from './use-run.js';

const first = shippedScenarios[0]!;

/** Validate the editor's text a moment after the last keystroke. */
function useValidation(text: string, file: string) {
  const [state, setState] = useState(() => ({ text, file, checked: validate(text, file) }));
  useEffect(() => {
    const timer = setTimeout(() => setState({ text, file, checked: validate(text, file) }), 250);
    return () => clearTimeout(timer);
  }, [text, file]);
  return state;
}

/** The scenario to show for stored text: the text's own when it validates, else its shipped file's, else the flagship's. */
function lastValid(text: string, file: string): Scenario {
  const shipped = shippedScenarios.find((s) => s.file === file) ?? first;
  for (const [t, f] of [
    [text, file],
    [shipped.text, shipped.file],
    [first.text, first.file],
  ] as const) {
    const v = validate(t, f);
    if (v.ok) return v.scenario;
  }
  throw new Error(`the shipped scenario ${first.file} does not validate`);
}

/** Props of the playground. */
export interface PlaygroundProps {
  /** Where the work is kept between visits (default: the browser's `localStorage`; null keeps nothing). */
  readonly storage?: WorkStorage | null | undefined;
}

/** The playground: a scenario, its statechart, its timeline day by day, what-ifs, batches and play. */
export function Playground(props: PlaygroundProps) {
  const [storage] = useState(() => (props.storage === undefined ? browserStorage() : props.storage));
  const [boot] = useState(() => loadWork(storage));
  const [notes, setNotes] = useState<readonly Note[]>(() => (boot.note ? [{ text: boot.note }] : []));
  const addNote = useCallback(
    (note: Note) => setNotes((all) => [...all.filter((n) => n.text !== note.text), note]),
    [],
  );
  const [file, setFile] = useState(boot.work?.file ?? first.file);
  const [text, setText] = useState(boot.work?.text ?? first.text);
  const validation = useValidation(text, file);
  const { checked } = validation;
  const [scenario, setScenario] = useState<Scenario>(() => lastValid(text, file));
  const issues: readonly ScenarioIssue[] = checked.ok ? [] : checked.issues;
  // Only a check of the text now in the editor: a late one of the text before must not undo a load.
  const current = validation.text === text && validation.file === file;
  useEffect(() => {
    if (current && checked.ok) setScenario(checked.scenario);
  }, [current, checked]);

  const whatIfs = Object.entries(scenario.data.whatIfs);
  const [whatIf, setWhatIf] = useState<string | null>(boot.work?.whatIf ?? null);
  const [seed, setSeed] = useState(boot.work?.seed ?? scenario.data.seed ?? 1);
  const [mode, setMode] = useState<'watch' | 'play'>(boot.work?.mode ?? 'watch');
  useEffect(() => {
    if (whatIf !== null && !(whatIf in scenario.data.whatIfs)) setWhatIf(null);
  }, [scenario, whatIf]);

  const show = useCallback((work: Work) => {
    setFile(work.file);
    setText(work.text);
    setScenario(lastValid(work.text, work.file));
    setSeed(work.seed);
    setWhatIf(work.whatIf);
    setMode(work.mode);
  }, []);
  useKeptWork(storage, { file, text, seed, whatIf, mode }, addNote);
  useShareLinks({ file, text, seed, whatIf, mode }, show, addNote);

  const load = (path: string) => {
    const shipped = shippedScenarios.find((s) => s.file === path);
    if (!shipped) return;
    const v = validate(shipped.text, shipped.file);
    setFile(shipped.file);
    setText(shipped.text);
    if (v.ok) {
      setScenario(v.scenario);
      setSeed(v.scenario.data.seed ?? 1);
    }
    setWhatIf(null);
  };

  const title = whatIf ? (scenario.data.whatIfs[whatIf]?.title ?? whatIf) : scenario.data.title;
  return (
    <div className="playground">
      <header>
        <h1>auspices playground</h1>
        <label>
          Scenario{' '}
          <select value={file} onChange={(e) => load(e.target.value)} aria-label="Shipped scenario">
            {shippedScenarios.map((s) => (
              <option key={s.file} value={s.file}>
                {s.file.replace(/^scenarios\//, '')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed{' '}
          <input
            type="number"
            value={seed}
            onChange={(e) => Number.isSafeInteger(Number(e.target.value)) && setSeed(Number(e.target.value))}
          />
        </label>
        <fieldset className="whatifs">
          <legend>What-if</legend>
          <label>
            <input type="radio" name="whatif" checked={whatIf === null} onChange={() => setWhatIf(null)} /> as
            written
          </label>
          {whatIfs.map(([name, w]) => (
            <label key={name} title={w.title}>
              <input type="radio" name="whatif" checked={whatIf === name} onChange={() => setWhatIf(name)} />{' '}
              {name}
            </label>
          ))}
        </fieldset>
        <div className="tabs" role="tablist" aria-label="Mode">
          {(['watch', 'play'] as const).map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} onClick={() => setMode(m)}>
              {m === 'watch' ? 'Watch the run' : 'Play an actor'}
            </button>
          ))}
        </div>
      </header>
      <Notes notes={notes} onDismiss={(note) => setNotes((all) => all.filter((n) => n !== note))} />
      <p className="scenario-title">
        <b>{title}</b>
        {!checked.ok && ' (the editor has problems: showing the last version that validated)'}
      </p>
      <main>
        <div>
          <Editor file={file} text={text} issues={issues} onChange={setText} />
          <ShareBar shared={{ file, text, seed, whatIf }} />
        </div>
        {mode === 'watch' ? (
          <Watch scenario={scenario} whatIf={whatIf} seed={seed} />
        ) : (
          <PlayPanel scenario={scenario} whatIf={whatIf} seed={seed} storage={storage} />
        )}
      </main>
      <BatchPanel text={text} file={file} whatIf={whatIf} seed={seed} />
    </div>
  );
}

interface WatchProps {
  readonly scenario: Scenario;
  readonly whatIf: string | null;
  readonly seed: number;
}

/** The run day by day: step forward and back, the statechart lit for the day, the timeline so far. */
function Watch({ scenario, whatIf, seed }: WatchProps) {
  const run = useRun(scenario, whatIf, seed);
  const [day, setDay] = useState(0);
  const last = run instanceof Error ? 0 : run.lastDay;
  const shown = Math.min(day, last);
  const value = useValueAt(scenario, whatIf, seed, shown);
  const asJson = useCallback(
    () => (run instanceof Error ? '' : narrate(run.result, { format: 'json' })),
    [run],
  );
  const asMarkdown = useCallback(
    () => (run instanceof Error ? '' : narrate(run.result, { format: 'md' })),
    [run],
  );
  if (run instanceof Error) return <p role="alert">The run failed: {run.message}</p>;
  const name = `${scenario.data.id}${whatIf ? `-${whatIf}` : ''}-seed${seed}`;
  const date = humanDate(run.dateOf(shown));
  return (
    <div className="watch">
      <fieldset className="stepper" aria-label="Day">
        <button type="button" onClick={() => setDay(Math.max(0, shown - 1))} disabled={shown === 0}>
          ◀ Day back
        </button>
        <input
          type="range"
          min={0}
          max={last}
          value={shown}
          aria-label="Day of the run"
          onChange={(e) => setDay(Number(e.target.value))}
        />
        <button type="button" onClick={() => setDay(Math.min(last, shown + 1))} disabled={shown === last}>
          Day forward ▶
        </button>
        <output aria-label="Current day">
          Day {shown + 1} of {last + 1}: {date}
        </output>
      </fieldset>
      <p className="row downloads">
        Download the run:{' '}
        <DownloadLink name={`${name}.json`} type="application/json" content={asJson}>
          JSON
        </DownloadLink>
        <DownloadLink name={`${name}.md`} type="text/markdown" content={asMarkdown}>
          narrative (Markdown)
        </DownloadLink>
      </p>
      {value && (
        <Statechart
          machine={scenarioWorld(scenario.data).machine}
          value={value}
          caption={`${date}, at the end of the day`}
        />
      )}
      <TimelineView items={run.items} day={shown} />
    </div>
  );
}
