import { printable } from './printable.js';

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML or SVG content and attribute values, without its control characters. */
export function esc(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}
