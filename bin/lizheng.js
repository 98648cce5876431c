#!/usr/bin/env node
// The `lizheng` command: loads the TypeScript sources through tsx, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
await main(process.argv);
