/**
 * A small seeded generator (mulberry32), so that a failing property case can
 * be replayed from its seed: `next()` in [0, 1), `int(min, max)` inclusive,
 * `chance(p)`, `pick(list)` and `subset(list, p)` (each element kept with
 * probability p, in order).
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability: number) => next() < probability,
    pick: <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!,
    subset: <T>(list: readonly T[], probability: number): T[] => list.filter(() => next() < probability),
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
