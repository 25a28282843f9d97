import { describe, expect, it } from 'vitest';
import { LOCAL_FUNCTION_ARN, localCaseClockDefinition, localSev1Definition } from '../../local/runtime';
import { LocalStepFunctions } from '../../local/step-functions/local-step-functions';
import { substituteDefinition } from '../../workflows/asl';
import { build, cleanUpTempDirs } from '../infra/synth';

cleanUpTempDirs();

type Machine = {
  Properties: {
    StateMachineName: string;
    DefinitionString: string;
    DefinitionSubstitutions: Record<string, unknown>;
  };
};
let machines: Machine[] | undefined;

/** What CloudFormation will hand Step Functions: DefinitionString (placeholders to be substituted). */
function synthesized(nameSuffix: string): { definition: string; substitutionKeys: string[] } {
  machines ??= Object.values(build().template.findResources('AWS::StepFunctions::StateMachine')) as Machine[];
  const machine = machines.find((m) => m.Properties.StateMachineName.endsWith(nameSuffix));
  if (!machine) throw new Error(`no state machine named *${nameSuffix} in the template`);
  return {
    definition: machine.Properties.DefinitionString,
    substitutionKeys: Object.keys(machine.Properties.DefinitionSubstitutions),
  };
}
const synthesizedSev1Definition = () => synthesized('-sev1-callback');

describe('the local runner executes exactly the ASL that CDK synthesizes', () => {
  it('same states, same parameters, only the function ARN differs', () => {
    const { definition, substitutionKeys } = synthesizedSev1Definition();
    expect(substitutionKeys).toEqual(['Sev1StepFunctionArn']);
    const fromTemplate = substituteDefinition(definition, {
      Sev1StepFunctionArn: LOCAL_FUNCTION_ARN('sev1-step'),
    });
    expect(JSON.parse(localSev1Definition())).toEqual(JSON.parse(fromTemplate));
  });

  it('case-clock: same states, same parameters, only the function ARN differs', () => {
    const { definition, substitutionKeys } = synthesized('-case-clock');
    expect(substitutionKeys).toEqual(['CaseClockStepFunctionArn']);
    const fromTemplate = substituteDefinition(definition, {
      CaseClockStepFunctionArn: LOCAL_FUNCTION_ARN('case-clock-step'),
    });
    expect(JSON.parse(localCaseClockDefinition())).toEqual(JSON.parse(fromTemplate));
  });

  it('the template definition runs in the local runner: a callback task waits for its token and resumes', async () => {
    const { definition } = synthesizedSev1Definition();
    const arn = LOCAL_FUNCTION_ARN('sev1-step');
    const calls: string[] = [];
    let token = '';
    let decisions = 0;
    const sfn = new LocalStepFunctions({
      timeScale: 1,
      realStartMs: Date.now(),
      virtualStartMs: Date.now(),
      functions: {
        [arn]: async (payload) => {
          const p = payload as { action: string; taskToken?: string; timeoutSeconds?: number };
          calls.push(p.action);
          if (p.taskToken) token = p.taskToken;
          if (p.action === 'decide')
            return decisions++ === 0
              ? { loops: 1, next: 'AWAIT_ACK', timeoutSeconds: 30 }
              : { loops: 2, next: 'DONE', timeoutSeconds: 1 };
          return { parked: true };
        },
      },
    });
    try {
      await sfn.define('from-template', substituteDefinition(definition, { Sev1StepFunctionArn: arn }));
      const ended = new Promise((resolve) => sfn.onExecutionEnded(resolve));
      expect(await sfn.start('from-template', 'run-1', { caseId: 'c1' })).toBe('started');
      expect(await sfn.start('from-template', 'run-1', { caseId: 'c1' })).toBe('exists');
      await expect.poll(() => token, { timeout: 3000 }).not.toBe('');
      expect(await sfn.status('run-1')).toBe('RUNNING');
      expect(await sfn.sendTaskSuccess(token, { acknowledgedBy: 'x' })).toBe('resumed');
      expect(await ended).toMatchObject({ name: 'run-1', status: 'SUCCEEDED' });
      expect(calls).toEqual(['decide', 'await-ack', 'decide']);
      expect(await sfn.sendTaskSuccess(token, {})).toBe('gone');
    } finally {
      await sfn.close();
    }
  });
});
