import { z } from 'zod';

/** A PostgreSQL name as a team lake file takes it (no quoting needed anywhere). */
const pgName = z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/, 'letters, digits, _ . - (up to 63)');

/** Where a team lake's catalog is: a PostgreSQL server, database, user and (optionally) schema. */
export const postgresCatalog = z
  .object({
    host: z.string().regex(/^[A-Za-z0-9_.:-]{1,253}$/, 'a host name or address'),
    port: z.number().int().min(1).max(65535).default(5432),
    database: pgName,
    user: pgName,
    /** The catalog's tables in this schema (several lakes in one database); default: public. */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')
      .optional(),
  })
  .strict();

/** A team lake's file (x.acelake, docs/lake.md): the catalog and the shared data folder; never the password. */
export const teamLakeFile = z
  .object({
    format: z.literal('ace-lake/1'),
    catalog: z.object({ postgres: postgresCatalog }).strict(),
    /** The Parquet files every analyst reads and writes: a shared folder (absolute, or relative to the file). */
    dataPath: z.string().min(1).max(4096),
  })
  .strict();

/** workspace.createTeamLake: the file to write, the catalog, the data folder and the catalog's password. */
export const teamLakeInput = z
  .object({
    path: z
      .string()
      .min(1)
      .max(4096)
      .regex(/\.acelake$/i, 'a team lake file ends in .acelake'),
    catalog: postgresCatalog,
    dataPath: z.string().min(1).max(4096),
    password: z.string().min(1).max(1000),
  })
  .strict();
