import { createInterface } from 'node:readline';

/**
 * Asks for a secret on the terminal without echoing it (nothing is stored; the answer lives in this
 * process only). Null when there is no terminal to ask on (a script, CI): the caller says what to set.
 */
export async function askSecret(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string | null> {
  if (!input.isTTY || !output.isTTY) return null;
  const rl = createInterface({ input, output, terminal: true });
  // Typed characters are not written back; the question is.
  let asked = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (!asked) output.write(s);
  };
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer.trim()));
      asked = true;
    });
  } finally {
    output.write('\n');
    rl.close();
  }
}
