declare module 'gifenc' {
  export type Palette = number[][];
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: string }): Palette;
  /** The index of the palette colour nearest to `color` (RGB, or RGBA against an RGBA palette). */
  export function nearestColorIndex(palette: Palette, color: number[]): number;
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: string): Uint8Array;
  export function GIFEncoder(options?: { auto?: boolean }): {
    writeFrame(index: Uint8Array, width: number, height: number, options?: {
      palette?: Palette; delay?: number; repeat?: number;
      /** pixels of transparentIndex show the frame below; dispose 1 keeps this frame under the next */
      transparent?: boolean; transparentIndex?: number; dispose?: number;
    }): void;
    finish(): void;
    bytes(): Uint8Array;
  };
}
