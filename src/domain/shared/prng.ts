// A seeded random number generator for generated data that must be the same on every machine and
// run (the benchmark datasets, varied test data): mulberry32, small and fast, numbers in [0, 1).
// Not for secrets (crypto.ts) — and the demo company uses faker's own seeded generator.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
