import { hostname } from 'node:os';
import { userName } from '../lib/paths';

/** Who this process commits to a lake as: user@host#pid (two programs of one person are two authors). */
export const lakeAuthor = () => `${userName()}@${hostname()}#${process.pid}`;

/** An author as a person reads it: "you, in another program" for this user on this machine, else user@host. */
export function authorLabel(author: string): string {
  const [who] = author.split('#');
  return who === `${userName()}@${hostname()}` ? 'you, in another program' : who!;
}
