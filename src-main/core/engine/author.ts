import { hostname } from 'node:os';
import { userName } from '../lib/paths';

/** This user on this machine: user@host. */
export const userHere = () => `${userName()}@${hostname()}`;

/** Who this process commits to a lake as: user@host#pid (two programs of one person are two authors). */
export const lakeAuthor = () => `${userHere()}#${process.pid}`;

/** An author as a person reads it: "you, in another program" for this user on this machine, else user@host. */
export function authorLabel(author: string): string {
  const [who] = author.split('#');
  return who === userHere() ? 'you, in another program' : who!;
}
