// One engine at a time for a painting, at the pyramid level its phase runs at, with the strokes below
// the active ones frozen into its base canvas. Changing level drops the engine and makes a new one;
// freezing further adds strokes to the base, and freezing less starts the base again.
import { createEngine, type Engine, type EngineSettings } from '../render/engine.js';
import { packStrokes, type Stroke } from '../strokes/stroke.js';
import type { FloatImage } from './image.js';

/** Strokes per freeze pass, so no single pass walks thousands of strokes. */
const FREEZE_BATCH = 2048;

export interface LevelEngine {
  /** The engine at `level`, its base holding strokes[0, freezeTo) of the painting's list. */
  use(level: number, freezeTo: number): Engine;
  /** The engine in use, if any. */
  current(): Engine | null;
  /** The most texture memory any engine of this painting held, in bytes. */
  peakTextureBytes(): number;
  dispose(): void;
}

export interface LevelEngineInput {
  targets: readonly FloatImage[];
  /** The painting's stroke list, read when freezing (the painter edits it in place). */
  strokes: readonly Stroke[];
  /** The canvas under every stroke at a level: a flat colour or a starting canvas. */
  baseAt(level: number): [number, number, number] | Float32Array;
  settings: Pick<EngineSettings, 'loss' | 'bounds' | 'lr'>;
}

export function createLevelEngine(gl: WebGL2RenderingContext, { targets, strokes, baseAt, settings }: LevelEngineInput): LevelEngine {
  let engine: Engine | null = null;
  let level = -1, frozen = -1, peak = 0;
  const drop = () => {
    if (engine) peak = Math.max(peak, engine.textureBytes().peak);
    engine?.dispose();
    engine = null;
  };
  const at = (wanted: number): Engine => {
    if (!engine || level !== wanted) {
      drop();
      const img = targets[wanted];
      engine = createEngine(gl, { width: img.width, height: img.height, capacity: Math.max(64, strokes.length), settings: { loss: settings.loss } });
      engine.configure({ bounds: settings.bounds, lr: settings.lr });
      engine.setTarget(img.data);
      level = wanted;
      frozen = -1;
    }
    return engine;
  };
  return {
    use(wanted, freezeTo) {
      const e = at(wanted);
      if (frozen < 0 || freezeTo < frozen) { e.setBase(baseAt(wanted)); frozen = 0; }
      for (let from = frozen; from < freezeTo; from += FREEZE_BATCH) {
        e.setStrokes(packStrokes(strokes.slice(from, Math.min(freezeTo, from + FREEZE_BATCH))));
        e.freezeCanvas();
      }
      frozen = Math.max(frozen, freezeTo);
      return e;
    },
    current: () => engine,
    peakTextureBytes: () => Math.max(peak, engine?.textureBytes().peak ?? 0),
    dispose: drop,
  };
}
