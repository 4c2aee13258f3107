import { pathsFrom, pathTo, type StabilityResult } from '../stability/analyse.js';
import { conceptNames } from '../stability/concepts.js';
import { movesFrom } from '../stability/graph-model.js';
import { esc } from './escape.js';

/** Larger models are not drawn: a picture of them would be unreadable. */
export const maxDrawnStates = 64;

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const colourOf = (dm: number) => palette[dm % palette.length] as string;

/**
 * The graph model as an SVG picture: each state a box (its number and pattern), each decision maker's
 * moves as arrows in its colour, the equilibria filled and labelled with their concepts, the status quo
 * outlined, and the shortest paths from the status quo to each equilibrium drawn thick. States are laid
 * out in columns by their distance from the status quo (or by how many letters are Y, without one).
 * Returns null for a model larger than `maxDrawnStates`.
 */
export function stabilitySvg(result: StabilityResult): string | null {
  const { model } = result;
  if (model.size > maxDrawnStates) return null;
  const column = new Int32Array(model.size);
  if (model.statusQuo !== undefined) {
    const reach = pathsFrom(model, model.statusQuo, 'moves');
    let far = 0;
    for (let s = 0; s < model.size; s++) {
      const steps = pathTo(reach, s);
      column[s] = steps === null ? -1 : steps.length;
      far = Math.max(far, column[s] as number);
    }
    for (let s = 0; s < model.size; s++) if (column[s] === -1) column[s] = far + 1;
  } else {
    for (let s = 0; s < model.size; s++) column[s] = [...model.label(s)].filter((c) => c === 'Y').length;
  }
  const rows = new Map<number, number>();
  const place = Array.from({ length: model.size }, (_, s) => {
    const c = column[s] as number;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    return { x: 30 + c * 190, y: 70 + r * 74 };
  });
  const width = Math.max(640, 30 + (Math.max(...column) + 1) * 190);
  const height = 90 + Math.max(...rows.values()) * 74 + 24 * Math.ceil(model.dms.length / 3);
  const boxW = 150;
  const boxH = 34;
  const centre = (s: number) => ({ x: (place[s]?.x ?? 0) + boxW / 2, y: (place[s]?.y ?? 0) + boxH / 2 });
  const onPath = new Set<string>();
  if (model.statusQuo !== undefined) {
    const improving = pathsFrom(model, model.statusQuo, 'improving');
    const any = pathsFrom(model, model.statusQuo, 'moves');
    for (const c of result.concepts)
      (result.equilibria[c] as Uint8Array).forEach((eq, s) => {
        if (!eq) return;
        let from = model.statusQuo as number;
        for (const step of pathTo(improving, s) ?? pathTo(any, s) ?? []) {
          onPath.add(`${step.mover}:${from}:${step.state}`);
          from = step.state;
        }
      });
  }
  const parts: string[] = [];
  const arrow = (dm: number, from: number, to: number) => {
    const a = centre(from);
    const b = centre(to);
    const bend = from < to ? 14 : -14;
    const mx = (a.x + b.x) / 2 - ((b.y - a.y) / Math.hypot(b.x - a.x, b.y - a.y || 1)) * bend;
    const my = (a.y + b.y) / 2 + ((b.x - a.x) / Math.hypot(b.x - a.x || 1, b.y - a.y)) * bend;
    const thick = onPath.has(`${dm}:${from}:${to}`);
    // Start and end on the boxes' edges, so the arrowheads show.
    const edge = (p: { x: number; y: number }) => {
      const dx = p.x - mx;
      const dy = p.y - my;
      const k = Math.min(boxW / 2 / Math.max(Math.abs(dx), 1e-9), boxH / 2 / Math.max(Math.abs(dy), 1e-9));
      return { x: p.x - dx * k, y: p.y - dy * k };
    };
    const start = edge(a);
    const end = edge(b);
    parts.push(
      `<path d="M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}" fill="none" stroke="${colourOf(dm)}" stroke-width="${thick ? 3.5 : 1}" stroke-opacity="${thick ? 0.95 : 0.45}" marker-end="url(#head${dm})"><title>${esc(model.dms[dm]?.name ?? '')}: ${from + 1} to ${to + 1}</title></path>`,
    );
  };
  model.dms.forEach((dm, d) => {
    for (let s = 0; s < model.size; s++) for (const t of movesFrom(dm.moves, s)) arrow(d, s, t);
  });
  for (let s = 0; s < model.size; s++) {
    const { x, y } = place[s] as { x: number; y: number };
    const under = result.concepts
      .filter((c) => (result.equilibria[c] as Uint8Array)[s])
      .map((c) => conceptNames[c]);
    const sq = s === model.statusQuo;
    const unknown = model.unexpanded?.[s] === 1;
    parts.push(
      `<g class="state${under.length > 0 ? ' equilibrium' : ''}${sq ? ' status-quo' : ''}"><rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${under.length > 0 ? '#fff3c4' : '#ffffff'}" stroke="${sq ? '#000' : '#555'}" stroke-width="${under.length > 0 || sq ? 2.5 : 1}"${sq ? ' stroke-dasharray="6 3"' : ''}${unknown ? ' stroke-opacity="0.4"' : ''}/>` +
        `<text x="${x + 8}" y="${y + 22}" font-size="13" font-family="monospace">${s + 1} ${esc(model.label(s))}${unknown ? ' ?' : ''}</text>` +
        (under.length > 0 || sq
          ? `<text x="${x}" y="${y + boxH + 13}" font-size="10" font-family="sans-serif">${esc([sq ? 'status quo' : '', under.join(' ')].filter(Boolean).join(' · '))}</text>`
          : '') +
        '</g>',
    );
  }
  const legendY = height - 24 * Math.ceil(model.dms.length / 3);
  const legend = model.dms.map(
    (dm, d) =>
      `<g transform="translate(${30 + (d % 3) * 260},${legendY + Math.floor(d / 3) * 22})"><line x1="0" y1="6" x2="24" y2="6" stroke="${colourOf(d)}" stroke-width="3"/><text x="30" y="10" font-size="12" font-family="sans-serif">${esc(dm.name)}'s moves</text></g>`,
  );
  const heads = model.dms.map(
    (_, d) =>
      `<marker id="head${d}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colourOf(d)}"/></marker>`,
  );
  const title = `Stability under ${result.concepts.map((c) => conceptNames[c]).join(', ')} (sanctions: ${result.sanctions})`;
  const subtitle =
    'Equilibria filled, with their concepts; the status quo dashed; the paths from it to each equilibrium thick';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title><defs>${heads.join('')}</defs><rect width="100%" height="100%" fill="#fff"/><text x="30" y="26" font-size="14" font-family="sans-serif">${esc(title)}</text><text x="30" y="44" font-size="11" font-family="sans-serif" fill="#444">${subtitle}</text>${parts.join('')}${legend.join('')}</svg>\n`;
}
