import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askSecret } from '../../src-main/cli/prompt';

/** A stream that says it is a terminal, as process.stdin/stderr do in an interactive shell. */
function tty(): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
}

describe('the secret prompt of `ace push`', () => {
  it('asks on a terminal and never echoes what is typed', async () => {
    const input = tty();
    const output = tty();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString()));
    const answer = askSecret('Secret: ', input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream);
    input.write('whsec_s3cret-value\r');
    expect(await answer).toBe('whsec_s3cret-value');
    expect(shown).toContain('Secret: ');
    expect(shown).not.toContain('s3cret');
  });

  it('does not ask where there is no terminal (a script, CI)', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: false });
    expect(await askSecret('Secret: ', input as unknown as NodeJS.ReadStream, tty() as unknown as NodeJS.WriteStream)).toBeNull();
  });
});
