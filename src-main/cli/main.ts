#!/usr/bin/env node
/** `ace`: the workstation's command line. Calls the same dispatcher as the app, in-process. */
import { runCli } from './run';

void runCli(process.argv.slice(2)).then((code) => process.exit(code));
