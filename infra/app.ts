/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` run this (cdk.json). Context parameters are
 * described in docs/deploy.md.
 */
import { ConfigError } from '../functions/config/load';
import { buildCaseflowApp } from './caseflow-stack';

try {
  buildCaseflowApp().app.synth();
} catch (error) {
  // A bad config is the user's to fix: print what is wrong, not a stack trace.
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
