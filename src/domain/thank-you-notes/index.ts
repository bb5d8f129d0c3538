export * from './notes.rules.js';
export { getThankYouNote, listThankYouNotes, attributionSql } from './queries.js';
export { createThankYouNote } from './write-note.js';
export { recordNoteOutcome, type RecordNoteOutcomeInput } from './record-outcome.js';
export { getTodaysNote, type TodaysNoteInput } from './suggestions.js';
export { getHabits, type HabitsInput } from './habits.js';
