import { type Document, isMap, isPair, isScalar, type LineCounter, type Node } from 'yaml';

export type Path = readonly (string | number)[];

/** Finds the line and column of a path in a parsed YAML document. */
export interface Locator {
  readonly file: string;
  /** Whether the path exists in this document. */
  has(path: Path): boolean;
  /** The position of the value at `path`, or of its nearest existing ancestor. */
  at(path: Path): { line: number; col: number };
  /** The position of a mapping key (for unknown keys). */
  key(path: Path, key: string): { line: number; col: number };
}

export function createLocator(file: string, doc: Document, lines: LineCounter): Locator {
  const pos = (node: Node | null | undefined) => {
    const offset = node?.range?.[0] ?? 0;
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const nodeAt = (path: Path): Node | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node) return node;
    }
    return doc.contents as Node | null;
  };
  return {
    file,
    has: (path) => doc.hasIn(path),
    at: (path) => pos(nodeAt(path)),
    key(path, key) {
      const parent = doc.getIn(path, true);
      if (isMap(parent)) {
        const pair = parent.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
        );
        if (pair && isScalar(pair.key)) return pos(pair.key);
      }
      return pos(nodeAt(path));
    },
  };
}
