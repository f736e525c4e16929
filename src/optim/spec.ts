// Learning rates and valid ranges per parameter slot, resolved per stroke type into the spec texture.
import { SLOTS, STROKE_TYPES, type ParamGroup } from '../strokes/layout.js';

export interface LearningRates {
  position: number;
  size: number;
  angle: number;
  color: number;
  opacity: number;
}

export interface ParamBounds {
  /** Smallest stroke size (length, width, diameter) as a fraction of the canvas' longer side. */
  sizeMin: number;
  /** Largest stroke size as a fraction of the canvas' longer side. */
  sizeMax: number;
  /** Opacity range; opaque strokes use [1, 1]. */
  alphaMin: number;
  alphaMax: number;
  /** How far outside the canvas a stroke's centre/control point may move (fraction of the canvas). */
  overscan: number;
}

/**
 * Adam's learning rates per parameter group (the painter's; its joint refinement scales them down, and
 * its first stages move positions at 0.005: tuning.ts). Against the rates until 2026-12-03 (position
 * 0.005, colour 0.015, opacity 0.01): a position step is a fraction of the canvas, many pixels for a
 * small stroke, while colours and opacities settle in few steps. On SwiftShader's quality bench the
 * colour and opacity rates gave +0.21 dB on average over 24 paintings, the slower positions on top
 * another +0.13 dB (20 of 24 higher), no slower, and rocket 500 went from 36 invisible strokes
 * to 25 and then to none (docs/painter.md).
 */
export const DEFAULT_LEARNING_RATES: LearningRates = { position: 0.0025, size: 0.005, angle: 0.03, color: 0.025, opacity: 0.015 };
export const DEFAULT_BOUNDS: ParamBounds = { sizeMin: 0.005, sizeMax: 1, alphaMin: 0.05, alphaMax: 1, overscan: 0.05 };

export interface AdamSettings {
  beta1: number;
  beta2: number;
  eps: number;
}
export const DEFAULT_ADAM: AdamSettings = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** (16 slots x types) RGBA: lo, hi, learning rate, 0. A learning rate of 0 leaves the slot untouched. */
export function buildSpec(lr: LearningRates, bounds: ParamBounds): Float32Array {
  const out = new Float32Array(16 * STROKE_TYPES.length * 4);
  STROKE_TYPES.forEach((type, row) => {
    SLOTS[type].forEach((slot, k) => {
      const [lo, hi] = range(slot.group, slot.name, bounds);
      const rate = slot.group === 'fixed' ? 0 : lr[slot.group as Exclude<ParamGroup, 'fixed'>];
      out.set([lo, hi, rate, 0], (row * 16 + k) * 4);
    });
  });
  return out;
}

function range(group: ParamGroup, name: string, b: ParamBounds): [number, number] {
  switch (group) {
    case 'position': return [-b.overscan, 1 + b.overscan];
    // brush radii are half a stroke's width
    case 'size': return name === 'r0' || name === 'r2' ? [b.sizeMin / 2, b.sizeMax / 2] : [b.sizeMin, b.sizeMax];
    case 'angle': return [-1e6, 1e6];
    case 'color': return [0, 1];
    case 'opacity': return [b.alphaMin, b.alphaMax];
    default: return [0, 0];
  }
}

