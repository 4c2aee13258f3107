import { useEffect, useState } from 'react';
import {
  type DiagramLayout,
  layoutDiagram,
  renderDiagramSvg,
  type WorldMachine,
  type WorldValue,
} from '../core.js';

const layouts = new WeakMap<WorldMachine, Promise<DiagramLayout>>();
/** Each world's statechart is laid out once (elkjs loads on first use); scenarios of one world share it. */
function worldLayout(machine: WorldMachine): Promise<DiagramLayout> {
  let layout = layouts.get(machine);
  if (!layout) {
    layout = layoutDiagram(machine);
    layouts.set(machine, layout);
  }
  return layout;
}

/** Props of the statechart panel. */
export interface StatechartProps {
  /** The scenario's world statechart (`scenarioWorld(scenario.data).machine`). */
  readonly machine: WorldMachine;
  /** The world's state value: its states are lit. */
  readonly value: WorldValue;
  /** What the chart shows, e.g. "25 Nov 2020, end of the day". */
  readonly caption: string;
}

/** The world statechart laid out by elkjs, with the active states lit. */
export function Statechart({ machine, value, caption }: StatechartProps) {
  const [laid, setLaid] = useState<DiagramLayout | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLaid(null);
    worldLayout(machine).then(
      (l) => live && setLaid(l),
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [machine]);
  return (
    <section className="panel statechart" aria-labelledby="chart-title">
      <h2 id="chart-title">The statechart</h2>
      <p className="hint">
        {caption}. Lit boxes are the states the world is in; arrows are the moves and automatic changes, with
        the rules that guard them. ↻ counts moves that change the world without leaving the state.
      </p>
      {error && <p role="alert">The diagram could not be laid out: {error}</p>}
      {!laid && !error && <p>Laying out the statechart…</p>}
      {laid && (
        <div
          className="svg"
          data-testid="statechart"
          // The SVG is built by renderDiagramSvg, which escapes every text it draws.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted, escaped SVG
          dangerouslySetInnerHTML={{ __html: renderDiagramSvg(laid, { active: value }) }}
        />
      )}
    </section>
  );
}
