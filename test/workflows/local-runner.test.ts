import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../local/step-functions/local-step-functions';
import { substituteDefinition } from '../../workflows/asl';
import { caseClockDefinitionJson } from '../../workflows/case-clock';

const FN = 'arn:aws:lambda:local:000000000000:function:probe';
const SCALE = 300;

/** One plain Lambda step, then one step that waits for a task token; both with a 60 s timeout. */
const definition = JSON.stringify({
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FN, Payload: { action: 'work' } },
      TimeoutSeconds: 60,
      Next: 'WaitForPerson',
    },
    WaitForPerson: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: FN, Payload: { action: 'park', 'taskToken.$': '$$.Task.Token' } },
      TimeoutSeconds: 60,
      End: true,
    },
  },
});

describe('local runner timeouts at a scaled clock', () => {
  it('a Lambda step is limited in real time (compute is not faster); a wait for a person in scaled time', async () => {
    const calls: string[] = [];
    const sfn = new LocalStepFunctions({
      timeScale: SCALE,
      realStartMs: Date.now(),
      virtualStartMs: Date.now(),
      functions: {
        [FN]: async (payload) => {
          const { action } = payload as { action: string };
          calls.push(action);
          // 400 ms of real work is 120 s on the scaled clock: twice the step's 60 s limit.
          if (action === 'work') await new Promise((r) => setTimeout(r, 400));
          return { ok: true };
        },
      },
    });
    try {
      await sfn.define('probe', definition);
      const ended = new Promise<{ status: string; error?: string }>((resolve) =>
        sfn.onExecutionEnded(resolve)
      );
      const started = Date.now();
      await sfn.start('probe', 'run-1', {});
      const result = await ended;
      const elapsed = Date.now() - started;
      // The slow step finished and ran once; nobody sent the token, so the 60 s wait timed out
      // after 60 s / 300 = 0.2 s of real time, not after a real minute.
      expect(calls).toEqual(['work', 'park']);
      // (A task timeout fails the execution, as on AWS; TIMED_OUT is the execution's own limit.)
      expect(result).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/time/i) });
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      await sfn.close();
    }
  });
});

describe('case clock start', () => {
  it('a start that knows its first wake-up waits for it before evaluating; one that does not evaluates at once', async () => {
    const evaluated = new Map<string, number>();
    const realStart = Date.now();
    const sfn = new LocalStepFunctions({
      timeScale: SCALE,
      realStartMs: realStart,
      virtualStartMs: realStart,
      functions: {
        [FN]: async (payload) => {
          const { caseId } = payload as { caseId: string };
          evaluated.set(caseId, Date.now());
          return { next: 'DONE', wakeAt: new Date().toISOString() };
        },
      },
    });
    try {
      await sfn.define(
        'clock',
        substituteDefinition(caseClockDefinitionJson(), { CaseClockStepFunctionArn: FN })
      );
      // 10 minutes of the scaled clock: 2 s of real time.
      const wakeAt = new Date(realStart + 10 * 60_000).toISOString();
      await sfn.start('clock', 'later', { caseId: 'later', generation: 1, wakeAt });
      await sfn.start('clock', 'now', { caseId: 'now', generation: 1 });
      await expect.poll(() => evaluated.size, { timeout: 10_000, interval: 50 }).toBe(2);
      expect(evaluated.get('now')! - realStart).toBeLessThan(1500);
      expect(evaluated.get('later')! - realStart).toBeGreaterThanOrEqual(1900);
    } finally {
      await sfn.close();
    }
  });
});
