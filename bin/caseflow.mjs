#!/usr/bin/env node
// The `caseflow` command: TypeScript sources run through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
