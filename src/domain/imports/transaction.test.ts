// The parts an import in steps settles its accounts in (inTimedParts): every item once, in order,
// a part per step, and a step that held the connection long is followed by a smaller part.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { inTimedParts, type StepRunner } from './transaction.js';

/** A step runner that counts its steps, as `ImportSteps.step` would run each in a transaction. */
function countingSteps() {
  const counted = { steps: 0 };
  const step: StepRunner = async (fn) => {
    counted.steps += 1;
    return fn();
  };
  return { counted, step };
}

describe('inTimedParts', () => {
  it('hands every item over once, in order, one part per step', async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => i);
    const seen: number[] = [];
    const parts: number[] = [];
    const { counted, step } = countingSteps();
    await inTimedParts(items, 10, step, async (part) => {
      parts.push(part.length);
      seen.push(...part);
    });
    expect(seen).toEqual(items);
    expect(counted.steps).toBe(parts.length);
    expect(parts[0]).toBe(10);
    // Quick parts grow, but never to more than twice the last one.
    for (let i = 1; i < parts.length - 1; i += 1) expect(parts[i]).toBeLessThanOrEqual(parts[i - 1]! * 2);
  });

  it('takes a smaller part after one that held its step long, never under a fifth of the first', async () => {
    const parts: number[] = [];
    const { step } = countingSteps();
    await inTimedParts(
      Array.from({ length: 200 }, (_, i) => i),
      50,
      step,
      async (part) => {
        parts.push(part.length);
        // The first part takes 250 ms (about three times a step's aim), the second 500 ms.
        if (parts.length <= 2) await sleep(parts.length * 250);
      },
    );
    expect(parts[0]).toBe(50);
    expect(parts[1]).toBeLessThanOrEqual(16);
    expect(parts[1]).toBeGreaterThanOrEqual(10);
    expect(parts[2]).toBe(10);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('runs no step for no items', async () => {
    const { counted, step } = countingSteps();
    await inTimedParts([], 10, step, async () => undefined);
    expect(counted.steps).toBe(0);
  });
});
