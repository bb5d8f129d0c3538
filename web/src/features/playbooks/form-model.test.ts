import { describe, expect, it } from 'vitest';
import { addStep, moveStep, readForm, removeStep, setIn } from './form-model';

const SOURCE = [
  '# Why this playbook exists.',
  'key: welcome',
  'name: Welcome',
  'trigger:',
  '  event: order.delivered',
  'steps:',
  '  - key: call # the first call',
  '    title: Call them',
  '    role: csr',
  '  - key: note',
  '    title: Send a note',
  '    role: sales',
  '',
].join('\n');

describe('the form view of a playbook', () => {
  it('reads the document and checks it with the server’s schema', () => {
    const read = readForm(SOURCE);
    expect(read.ok && read.document.steps.map((s) => s.key)).toEqual(['call', 'note']);
    expect(read.ok && read.problems).toEqual([]);
    const bad = readForm(setIn(SOURCE, ['steps', 0, 'gate'], 'boxed'));
    expect(bad.ok && bad.problems).toEqual([expect.stringMatching(/^steps\.0\.gate: must be an order status/)]);
    expect(readForm('key: [').ok).toBe(false);
  });

  it('writes a change into the text and keeps its comments', () => {
    const changed = setIn(SOURCE, ['steps', 1, 'title'], 'Write a thank-you note');
    expect(changed).toContain('# Why this playbook exists.');
    expect(changed).toContain('# the first call');
    expect(changed).toContain('title: Write a thank-you note');
    expect(setIn(changed, ['steps', 1, 'gate'], '')).not.toContain('gate');
  });

  it('adds, moves and removes steps', () => {
    const added = addStep(SOURCE);
    const read = readForm(added);
    expect(read.ok && read.document.steps.map((s) => s.key)).toEqual(['call', 'note', 'step-3']);
    const moved = readForm(moveStep(added, 2, 0));
    expect(moved.ok && moved.document.steps.map((s) => s.key)).toEqual(['step-3', 'call', 'note']);
    const removed = readForm(removeStep(SOURCE, 0));
    expect(removed.ok && removed.document.steps.map((s) => s.key)).toEqual(['note']);
  });
});
