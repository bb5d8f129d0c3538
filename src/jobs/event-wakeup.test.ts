import { describe, expect, it } from 'vitest';
import { coalesce } from './event-wakeup.js';

/** A task whose runs finish only when the test says so. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let runs = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      runs += 1;
      gates.push(resolve);
    });
  const finishNext = async () => {
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { task, finishNext, runs: () => runs };
}

describe('coalesce', () => {
  it('runs once per trigger when the runs do not overlap', async () => {
    const t = gatedTask();
    const c = coalesce(t.task, () => undefined);
    c.trigger();
    await t.finishNext();
    await c.idle();
    c.trigger();
    await t.finishNext();
    await c.idle();
    expect(t.runs()).toBe(2);
  });

  it('folds a burst of triggers during a run into exactly one more run', async () => {
    const t = gatedTask();
    const c = coalesce(t.task, () => undefined);
    c.trigger();
    for (let i = 0; i < 50; i++) c.trigger();
    expect(t.runs()).toBe(1);
    await t.finishNext();
    expect(t.runs()).toBe(2);
    await t.finishNext();
    await c.idle();
    expect(t.runs()).toBe(2);
  });

  it('reports a failing run and keeps serving triggers', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const c = coalesce(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
      (err) => errors.push(err),
    );
    c.trigger();
    await c.idle();
    c.trigger();
    await c.idle();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });
});
