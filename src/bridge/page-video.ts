// The page's video half, a script of its own (dist/fude-video.iife.js, global `fudeVideo`): mediabunny
// is nine tenths of the page's code, and a page that paints without a video should not parse it
// (0.15 s of every start). The page loads it on the first video call (see video-loader.ts).
export { encodeVideo } from '../video/encode.js';
export { readVideo } from '../video/read.js';
