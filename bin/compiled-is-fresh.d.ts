// Types of compiled-is-fresh.js, for the tests that import it.
/** Whether `root`'s dist/ (root ends with a slash) was built after every change to the sources. */
export function compiledIsFresh(root: string): boolean;
