import { STROKE_TYPES, type StrokeType } from '../strokes/layout.js';

/** The painter's default stroke type. */
export const DEFAULT_TYPE: StrokeType = 'rect';

// The benchmark registry: one list of cases that the page's benchmark tab and `npm run bench` both run.

export interface EngineCase {
  kind: 'engine';
  name: string;
  strokes: number;
  size: number;
  /** Stroke types of the active set: one type (what the painter uses) or a mix. */
  types: StrokeType[];
}

export interface QualityCase {
  kind: 'quality';
  name: string;
  image: string;
  strokes: number;
  size: number;
}

export type BenchCase = EngineCase | QualityCase;

export const ENGINE_STROKES = [16, 64, 256, 1024];
export const ENGINE_SIZES = [256, 512];
export const QUALITY_IMAGES = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];
export const QUALITY_STROKES = [200, 500, 1000];

/** The painter's default stroke type is timed at every count and size; each other type and a mix at 64 @ 256². */
export function engineCases(): EngineCase[] {
  const one = (types: StrokeType[], strokes: number, size: number): EngineCase =>
    ({ kind: 'engine', name: `${types.join('+')} ×${strokes} @ ${size}²`, strokes, size, types });
  return [
    ...ENGINE_SIZES.flatMap((size) => ENGINE_STROKES.map((strokes) => one([DEFAULT_TYPE], strokes, size))),
    ...STROKE_TYPES.filter((t) => t !== DEFAULT_TYPE).map((t) => one([t], 64, 256)),
    one([...STROKE_TYPES], 64, 256),
  ];
}

export function qualityCases(images = QUALITY_IMAGES, strokes = QUALITY_STROKES, size = 256): QualityCase[] {
  return images.flatMap((image) => strokes.map((n) => ({ kind: 'quality' as const, name: `${image} ${n} strokes @ ${size}`, image, strokes: n, size })));
}
