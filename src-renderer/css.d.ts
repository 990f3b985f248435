/**
 * Screens import their CSS for its side effects (Vite bundles it into the page). TypeScript 7 checks that a
 * side-effect import resolves (noUncheckedSideEffectImports is on by default): this says a .css file does.
 */
declare module '*.css';
