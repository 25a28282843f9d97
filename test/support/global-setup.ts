import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb';

let db: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The console the browser tests drive and the bundles the command-line tests run are the ones
  // built from the sources (a no-op when unchanged).
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  db = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', db.endpoint);
}

export async function teardown(): Promise<void> {
  await db?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
