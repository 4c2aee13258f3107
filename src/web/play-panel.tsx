import type { Scenario } from '../core.js';

/** Props of the play panel. */
export interface PlayPanelProps {
  readonly scenario: Scenario;
  readonly whatIf: string | null;
  readonly seed: number;
}

/** Play one actor of the scenario. */
export function PlayPanel(_props: PlayPanelProps) {
  return <p>Playing comes next.</p>;
}
