// docs/api.md repeats the painter's defaults in its options table for readers; this holds the table to
// DEFAULT_PAINT_OPTIONS, so that a changed default cannot leave the documentation behind (it did once:
// 40 and 60 steps were the defaults while the table still said 45 and 70).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAINT_OPTIONS, PAINT_OPTION_NAMES } from '../src/paint/options.js';

/** The options table's rows: each option name with the default written beside it (as text). */
function documentedDefaults(): Map<string, string> {
  const md = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
  const rows = new Map<string, string>();
  for (const line of md.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | `a`, `b` | v1, v2 | what it does |
    if (cells.length < 4 || !cells[1].startsWith('`')) continue;
    const names = cells[1].split(',').map((n) => n.trim().replace(/`/g, ''));
    if (!names.every((n) => (PAINT_OPTION_NAMES as string[]).includes(n))) continue;
    const values = names.length === 1 ? [cells[2]] : cells[2].split(',').map((v) => v.trim());
    names.forEach((n, k) => rows.set(n, values[k]));
  }
  return rows;
}

/** A default as the table writes it: numbers and booleans bare, strings quoted. */
function written(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `\`'${value}'\``;
  return undefined; // objects (lr) are named, not written out
}

describe('docs/api.md', () => {
  it('documents every painter option with its default', () => {
    const rows = documentedDefaults();
    for (const name of PAINT_OPTION_NAMES) {
      expect(rows.has(name), `${name} is missing from docs/api.md's options table`).toBe(true);
      const want = written(DEFAULT_PAINT_OPTIONS[name]);
      if (want !== undefined) expect(rows.get(name), `the default of ${name}`).toBe(want);
    }
  });
});
