/** Sets an environment variable to `value` (unset when undefined): what a test or file restores afterwards. */
function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** A function that puts `name` back as it is now (the files share their worker's process: isolate: false). */
export function keepEnv(name: string): () => void {
  const before = process.env[name];
  return () => setEnv(name, before);
}
