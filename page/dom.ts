// What the page's modules share: the DOM helper, and the busy job (a download or a benchmark run).

/** The element with this id, typed as the caller expects (the page's HTML has every id the modules ask for). */
export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The worker job that holds the page (its id, to cancel it, and what it is), or none. */
export type Busy = { id: number; what: string } | null;
