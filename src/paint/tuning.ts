// The painter's tuned settings, each with the measurements that chose it (docs/painter.md).

// The joint refinement moves strokes that the stages have already placed: a smaller learning rate and
// a light process weight (a tenth of the stages') let it sharpen the final picture without undoing the
// process. Prefix weight x1 kept prefixes +0.3 dB higher but cost 0.4 dB at the end. The learning rate
// falls with the working size (positions are fractions of the canvas, so one rate moves a stroke more
// pixels on a larger canvas): x0.5 at 256 px (measured on all eight images at 500 strokes: +0.02 to
// +0.21 dB over x0.3; x0.7 and x1 lost on some), x0.3 at 768 px (3000 strokes, graffiti: x0.5 -> 26.81
// dB, x0.3 -> 27.05 dB).
const REFINE_LR = 0.5, REFINE_LR_SIZE = 256;
export const refineLrAt = (longSide: number) => REFINE_LR * Math.min(1, Math.sqrt(REFINE_LR_SIZE / longSide));
export const REFINE_PROCESS = 0.1;
/**
 * Most strokes of earlier stages that a stage optimizes again with its own (the last ones): the stages
 * of a 10 000-stroke painting add 2500 strokes each, and re-optimizing all 2500 of the stage before
 * doubled their cost for nothing the refinement does not do anyway (10 000 @ 1024, llvmpipe: 186.6 s,
 * 28.44 dB with no cap; 159.5 s, 28.64 dB with 1000; 139.0 s, 28.41 dB with 300). Paintings of up to
 * about 4000 strokes have no stage that large.
 */
export const WINDOW_MAX_EARLIER = 1000;
// A refinement step costs in proportion to the strokes it moves, so a large painting refines its last
// strokes only (the earlier ones were refined with their stages, under the later ones' paint). Measured,
// 10 000 brush strokes at 1024 px (llvmpipe): all refined 29.19 dB in 334 s; the last 5000 28.27 dB in
// 190 s; all for 50 steps instead of 100, 27.86 dB in 208 s; an active set (each 10-step round, the
// quarter of the strokes with the largest |gradient| x learning rate moves) lost 1.1 dB at 3000 strokes.
export const REFINE_MAX_STROKES = 5000;
// From this working size on, the refinement runs REFINE_LARGE_SHARE x refineSteps steps at half
// resolution (where a step costs about a quarter), then as many at full resolution. Measured, 3000
// brush strokes at 768 px (llvmpipe): 100 full steps 27.38 dB in 62.0 s; 50 + 50 27.24 dB in 54.3 s;
// 65 + 65 27.50 dB in 58.8 s; 35 + 65 27.41 dB in 58.2 s; 75 full steps 27.18 dB in 54.3 s.
export const REFINE_COARSE_FROM_PX = 512;
export const REFINE_LARGE_SHARE = 0.65;
/**
 * Relocation rounds inside the refinement's last part, at these fractions of its steps: a round moves
 * the strokes that show too little to the end, where the error is, and the steps left refine them with
 * the rest. A fixed plan, so that time left knows it: the closing rounds that ran after the refinement
 * before (one to three, as many as kept finding strokes) were only known when it ended, and made the
 * estimate of the last second miss by up to 99%.
 */
export const RELOCATION_ROUNDS_AT = [0.7, 0.85] as const;
// Strokes moved to the end after the stages leave the earlier prefixes: at most this share of the
// strokes moves there in all, least visible first. Uncapped, a smooth picture with more strokes than it
// needs (rocket, 1000 strokes at 256 px) moved 877 of them and its half-way prefix fell 3 dB.
export const LATE_RELOCATION_SHARE = 0.05;
export const LATE_RELOCATIONS_MIN = 20;
/**
 * The touch-up after the refinement: the strokes the final canvas does not show (covered or faded after
 * the last round) move to the end where the error is, within what is left of the cap above, and this
 * many steps fit them alone over the frozen canvas of the others; up to this many rounds, as the new
 * strokes can cover others that barely showed (a 200-stroke test painting with no refinement: 14
 * hidden, 1-2 rounds leave none). Measured (llvmpipe, 1000 @ 256, rocket, coffee, leuven and
 * building, seeds 1-2): invisible strokes 19 -> 11 (all but rocket's seed 2, whose rounds used the cap),
 * final PSNR -0.005 dB on average, the process and the time as before. Beyond the cap it cost the
 * process (rocket, seed 4: 21 moved, every prefix 0.2-0.4 dB lower), and even the strokes no checkpoint
 * shows carry some of a 38 dB picture (rocket, seeds 2 and 4: their 3 and 6 moved, -0.02 and -0.09 dB).
 * 60 steps or twice the learning rate: the same.
 */
export const TOUCH_UP_STEPS = 30, TOUCH_UP_ROUNDS = 3;
/**
 * The rates of the stages that end by the first process checkpoint (10% of the strokes), where the
 * default rates apply: positions as fast as before 2026-12-03's evening (spec.ts). Their few large
 * strokes need to travel: with the slower positions everywhere, the 10% prefix fell 0.13 dB on average
 * and rocket's first 50 strokes fell under primitive's 50 shapes (SwiftShader, 26.37 against 26.47 dB).
 */
export const EARLY_STAGE_LR = { position: 0.005 } as const;
