import { useEffect, useRef } from 'react';
import type { Note } from './notes.js';
import { type SavedWork, storeWork, type WorkStorage } from './saved-work.js';
import { readShareFragment } from './share-link.js';

/** The work the page keeps: the editor's file and text, the seed, the what-if and the mode. */
export type Work = Omit<SavedWork, 'version' | 'games'>;

/** How long after the last change the work is stored (and at once when the page is left). */
const storeDelay = 300;

/** Keep the work in `storage` a moment after each change, and when the page is hidden or closed. */
export function useKeptWork(storage: WorkStorage | null, work: Work, addNote: (note: Note) => void): void {
  const latest = useRef(work);
  latest.current = work;
  const failed = useRef(false);
  const store = useRef(() => {
    const note = storeWork(storage, latest.current);
    if (note && !failed.current) addNote({ text: note });
    failed.current = note !== null;
  });
  const { file, text, seed, whatIf, mode } = work;
  // biome-ignore lint/correctness/useExhaustiveDependencies: store whenever a kept field changes
  useEffect(() => {
    const timer = setTimeout(store.current, storeDelay);
    return () => clearTimeout(timer);
  }, [file, text, seed, whatIf, mode]);
  useEffect(() => {
    const flush = () => store.current();
    addEventListener('pagehide', flush);
    return () => {
      removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
}

/**
 * Open the scenario of a shared link (`#scenario=1.…`) when the page opens and when the fragment changes,
 * then take the fragment off the address, so that a reload shows the kept work. A broken or too long link
 * is a note; an opened one offers to go back to the work it replaced.
 */
export function useShareLinks(work: Work, show: (work: Work) => void, addNote: (note: Note) => void): void {
  const latest = useRef(work);
  latest.current = work;
  useEffect(() => {
    let live = true;
    const open = async () => {
      const hash = location.hash;
      const link = await readShareFragment(hash);
      if (!live || link.kind === 'none') return;
      history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      if (link.kind === 'bad') {
        addNote({ text: link.message });
        return;
      }
      const own = latest.current;
      const { file, text, seed, whatIf } = link.shared;
      show({ file, text, seed: seed ?? own.seed, whatIf: whatIf ?? null, mode: own.mode });
      addNote({
        text: `Opened the scenario shared in the link (${file}). What you had in the editor was replaced.`,
        action: { label: 'Back to my own work', run: () => show(own) },
      });
    };
    void open();
    addEventListener('hashchange', open);
    return () => {
      live = false;
      removeEventListener('hashchange', open);
    };
  }, [show, addNote]);
}
