/** Legends of the report charts, as data: kept apart from the drawing so that types reach no Plot. */

/** How a legend draws one entry's key: a filled square, a line, a dot or a vertical tick. */
export type LegendMark = 'swatch' | 'line' | 'dot' | 'tick';

/** One entry of a chart's legend: its mark, its colour (a CSS colour from our code) and its label. */
export interface LegendItem {
  readonly mark: LegendMark;
  readonly colour: string;
  readonly label: string;
}
