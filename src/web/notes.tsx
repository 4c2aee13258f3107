/** A message for the user above the page: why stored work or a link was not loaded, or what was loaded. */
export interface Note {
  readonly text: string;
  /** A button offered with the note, such as going back to one's own work after opening a link. */
  readonly action?: { readonly label: string; readonly run: () => void };
}

/** The notes, each with a button to dismiss it. */
export function Notes({ notes, onDismiss }: { notes: readonly Note[]; onDismiss: (note: Note) => void }) {
  if (notes.length === 0) return null;
  return (
    <ul className="notes" role="alert" aria-label="Notes">
      {notes.map((note) => (
        <li key={note.text}>
          {note.text}{' '}
          {note.action && (
            <button
              type="button"
              onClick={() => {
                note.action?.run();
                onDismiss(note);
              }}
            >
              {note.action.label}
            </button>
          )}{' '}
          <button type="button" className="link" onClick={() => onDismiss(note)}>
            dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
