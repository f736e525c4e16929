// Loads the page's video script (page-video.ts) on first use, from the server that serves the page.
import { FudeError } from '../errors.js';

export type VideoModule = typeof import('./page-video.js');

/** The script's path next to the page's (node/page-server.ts serves it). */
export const VIDEO_SCRIPT = 'fude-video.js';
const GLOBAL = 'fudeVideo';

let loading: Promise<VideoModule> | null = null;

export function videoModule(): Promise<VideoModule> {
  loading ??= new Promise<VideoModule>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = VIDEO_SCRIPT;
    script.onload = () => resolve((globalThis as unknown as Record<string, VideoModule>)[GLOBAL]);
    script.onerror = () => {
      loading = null; // a later call may try again
      reject(new FudeError('io', `the page could not load its video encoder (${VIDEO_SCRIPT}): run \`npm run build\` in the fude package`));
    };
    document.head.append(script);
  });
  return loading;
}
