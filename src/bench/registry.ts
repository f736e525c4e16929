// The benchmark registry: one list of cases per bench, which `npm run bench` runs headless and the
// page's benchmark tab runs in its worker (engine and quality).
import { DEFAULT_PAINT_OPTIONS } from '../paint/options.js';
import { STROKE_TYPES, type StrokeType } from '../strokes/layout.js';

/** The painter's default stroke type: the engine bench times it at every count and size. */
export const DEFAULT_TYPE = (Array.isArray(DEFAULT_PAINT_OPTIONS.type) ? DEFAULT_PAINT_OPTIONS.type[0] : DEFAULT_PAINT_OPTIONS.type) as StrokeType;

export interface EngineCase {
  kind: 'engine';
  name: string;
  strokes: number;
  size: number;
  /** Stroke types of the active set: one type (what the painter uses) or a mix. */
  types: StrokeType[];
  /** Bristle depth of the brush strokes (0: flat). */
  bristles?: number;
  /** Process prefix terms, evenly spaced (the painter's refinement step has 4-5): more checkpoint blocks. */
  prefixes?: number;
}

export interface QualityCase {
  kind: 'quality';
  name: string;
  image: string;
  strokes: number;
  size: number;
}

/** A large painting: `strokes` brush strokes at a longer side of `size` px. */
export interface ScaleCase {
  kind: 'scale';
  name: string;
  strokes: number;
  size: number;
}

/** Throughput: `images` paintings, `jobs` at once in one browser (batch) or `workers` queue workers. */
export interface FleetCase {
  kind: 'fleet';
  name: string;
  mode: 'batch' | 'queue';
  parallel: number;
  images: number;
  strokes: number;
  size: number;
}

export type BenchCase = EngineCase | QualityCase | ScaleCase | FleetCase;

export const ENGINE_STROKES = [16, 64, 256, 1024];
export const ENGINE_SIZES = [256, 512];
export const SMOOTH_IMAGES = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];
export const TEXTURED_IMAGES = ['graffiti.jpg', 'aloe.jpg', 'building.jpg', 'leuven.jpg'];
export const QUALITY_IMAGES = [...SMOOTH_IMAGES, ...TEXTURED_IMAGES];
export const QUALITY_STROKES = [200, 500, 1000];
export const QUALITY_SIZE = 256;
export const SCALE_IMAGE = 'graffiti.jpg';

/** The default type at every count and size; each type at 64 @ 256² (the brush/rect ratio) and a mix. */
export function engineCases(): EngineCase[] {
  const one = (types: StrokeType[], strokes: number, size: number): EngineCase =>
    ({ kind: 'engine', name: `${types.join('+')} ×${strokes} @ ${size}²`, strokes, size, types });
  return [
    ...ENGINE_SIZES.flatMap((size) => ENGINE_STROKES.map((strokes) => one([DEFAULT_TYPE], strokes, size))),
    ...STROKE_TYPES.filter((t) => t !== DEFAULT_TYPE).map((t) => one([t], 64, 256)),
    { ...one(['brush'], 64, 256), name: 'brush with bristles ×64 @ 256²', bristles: 0.5 },
    // a step as the painter's refinement of a 500-stroke painting takes it: 450 strokes, 4 prefix terms
    ...(['brush', 'rect'] as const).map((t) => ({ ...one([t], 450, 256), name: `${t} ×450 @ 256², 4 prefixes (a refinement step)`, prefixes: 4 })),
    one([...STROKE_TYPES], 64, 256),
  ];
}

export function qualityCases(images = QUALITY_IMAGES, strokes = QUALITY_STROKES, size = QUALITY_SIZE): QualityCase[] {
  return images.flatMap((image) => strokes.map((n) => ({ kind: 'quality' as const, name: `${image} ${n} strokes @ ${size}`, image, strokes: n, size })));
}

/** Issue 12's sizes: 3000 strokes at 768 px, 2000 and 10 000 at 1024 px (the time per stroke of the last two compared). */
export function scaleCases(): ScaleCase[] {
  return [[3000, 768], [2000, 1024], [10000, 1024]].map(([strokes, size]) => ({ kind: 'scale', name: `${strokes} strokes @ ${size}`, strokes, size }));
}

/** 256 px, 500 strokes: 1, 2, 3 jobs in one browser; 1 and 2 queue worker processes. */
export function fleetCases(images = 12): FleetCase[] {
  const one = (mode: FleetCase['mode'], parallel: number): FleetCase =>
    ({ kind: 'fleet', name: `${mode} ×${parallel}`, mode, parallel, images, strokes: 500, size: 256 });
  return [one('batch', 1), one('batch', 2), one('batch', 3), one('queue', 1), one('queue', 2)];
}
