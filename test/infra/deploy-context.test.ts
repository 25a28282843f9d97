import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/config/load';
import { buildCaseflowApp } from '../../infra/caseflow-stack';
import { build, cleanUpTempDirs, logicalId, noBundling, tempDir } from './synth';

/** Deploy-time context (docs/deploy.md): the stack synthesized once with every knob set. */
cleanUpTempDirs();

describe('caseflow stack with deploy-time context', () => {
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build({
      activateRuleSet: 'true',
      publicBaseUrl: 'https://support.example.com/',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      hostedZoneName: 'example.com',
      region: 'us-east-1',
    });
  });

  it('activates the rule set after its rules exist, through a custom resource', () => {
    const ruleSet = logicalId(built.stack.intake.ruleSet);
    const resources = built.template.findResources('Custom::SesActiveReceiptRuleSet');
    const [activation] = Object.values(resources) as { Properties: unknown; DependsOn: string[] }[];
    expect(activation?.Properties).toMatchObject({ RuleSetName: { Ref: ruleSet } });
    for (const rule of built.stack.intake.rules) expect(activation?.DependsOn).toContain(logicalId(rule));
  });

  it('points page links at publicBaseUrl', () => {
    const env =
      built.template.toJSON().Resources[logicalId(built.stack.sev1.step.lambdaFunction)].Properties
        .Environment.Variables;
    expect(env.PUBLIC_BASE_URL).toBe('https://support.example.com');
  });

  it('writes the DKIM records into the hosted zone', () => {
    built.template.resourceCountIs('AWS::Route53::RecordSet', 3);
    built.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'CNAME',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
  });

  it('goes to the region given', () => {
    expect(built.stack.region).toBe('us-east-1');
  });

  it('still has no unacknowledged cdk-nag finding', () => {
    expect(new AwsSolutionsChecks().validateScope(built.app).violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('caseflow app config', () => {
  it('fails synth with the problems of a bad config file', () => {
    const file = join(tempDir('caseflow-config-'), 'config.json');
    writeFileSync(file, JSON.stringify({ domain: 'support.example.com', supportAddresses: [] }));
    const synth = () =>
      buildCaseflowApp({ context: { ...noBundling, configFile: file }, outdir: tempDir('caseflow-cdk-') });
    expect(synth).toThrow(ConfigError);
    expect(synth).toThrow(/supportAddresses/);
  });

  it('rejects half a hosted zone', () => {
    const synth = () =>
      buildCaseflowApp({ context: { ...noBundling, hostedZoneId: 'Z1' }, outdir: tempDir('caseflow-cdk-') });
    expect(synth).toThrow(/hostedZoneName/);
  });
});
