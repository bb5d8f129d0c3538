export * from './problems.rules.js';
export { openProblem, type OpenProblemInput } from './open-problem.js';
export { updateProblem, type UpdateProblemInput } from './update-problem.js';
export { getProblem, listProblems } from './queries.js';
export { getExpectationsReport } from './expectations-report.js';
export { notePreventiveDone, type NotePreventiveDoneInput } from './note-preventive-done.js';
