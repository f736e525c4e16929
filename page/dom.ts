// The page's one DOM helper, shared by its modules.

/** The element with this id, typed as the caller expects (the page's HTML has every id the modules ask for). */
export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
