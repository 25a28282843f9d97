import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_HANDLER_SOURCE } from '../../infra/constructs/rule-set-activation';

/**
 * The inline custom-resource function that activates the SES receipt rule set, run in a VM with
 * a fake SES client and a fake CloudFormation response URL: what it calls and what it answers.
 */
type Call = { command: string; input: Record<string, unknown> };

function load(activeRuleSet: string | undefined, failWith?: Error) {
  const calls: Call[] = [];
  const responses: Record<string, unknown>[] = [];
  const command = (name: string) =>
    class {
      constructor(readonly input: Record<string, unknown>) {
        calls.push({ command: name, input });
      }
    };
  const sdk = {
    SESClient: class {
      async send(cmd: { constructor: { name: string } }) {
        if (failWith) throw failWith;
        return cmd instanceof sdk.DescribeActiveReceiptRuleSetCommand
          ? { Metadata: activeRuleSet ? { Name: activeRuleSet } : undefined }
          : {};
      }
    },
    DescribeActiveReceiptRuleSetCommand: command('DescribeActiveReceiptRuleSet'),
    SetActiveReceiptRuleSetCommand: command('SetActiveReceiptRuleSet'),
  };
  const module = { exports: {} as { handler?: (event: unknown, context: unknown) => Promise<void> } };
  runInNewContext(ACTIVATION_HANDLER_SOURCE, {
    require: (id: string) => {
      if (id !== '@aws-sdk/client-ses') throw new Error(`unexpected require ${id}`);
      return sdk;
    },
    exports: module.exports,
    console: { error: () => {} },
    fetch: async (url: string, init: { method: string; body: string }) => {
      expect(url).toBe('https://cloudformation-response.example/presigned');
      expect(init.method).toBe('PUT');
      responses.push(JSON.parse(init.body));
      return { ok: true, status: 200 };
    },
  });
  const handler = module.exports.handler;
  if (!handler) throw new Error('the inline source exports no handler');
  return { calls, responses, handler };
}

const event = (requestType: 'Create' | 'Update' | 'Delete') => ({
  RequestType: requestType,
  ResponseURL: 'https://cloudformation-response.example/presigned',
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/caseflow/1',
  RequestId: 'req-1',
  LogicalResourceId: 'ActivateRuleSet',
  ResourceProperties: { RuleSetName: 'caseflow-inbound' },
});
const context = { logStreamName: 'stream-1' };

describe('receipt rule set activation (inline custom resource)', () => {
  it('activates the rule set on create and update', async () => {
    for (const type of ['Create', 'Update'] as const) {
      const { calls, responses, handler } = load('someone-else');
      await handler(event(type), context);
      expect(calls).toEqual([
        { command: 'SetActiveReceiptRuleSet', input: { RuleSetName: 'caseflow-inbound' } },
      ]);
      expect(responses).toEqual([
        {
          Status: 'SUCCESS',
          Reason: 'ok',
          PhysicalResourceId: 'active-receipt-rule-set:caseflow-inbound',
          StackId: event(type).StackId,
          RequestId: 'req-1',
          LogicalResourceId: 'ActivateRuleSet',
        },
      ]);
    }
  });

  it('on delete, deactivates receiving only while this rule set is the active one', async () => {
    const ours = load('caseflow-inbound');
    await ours.handler(event('Delete'), context);
    expect(ours.calls.map((c) => [c.command, c.input])).toEqual([
      ['DescribeActiveReceiptRuleSet', {}],
      ['SetActiveReceiptRuleSet', {}],
    ]);
    expect(ours.responses[0]).toMatchObject({ Status: 'SUCCESS' });

    for (const active of ['someone-else', undefined]) {
      const other = load(active);
      await other.handler(event('Delete'), context);
      expect(other.calls.map((c) => c.command)).toEqual(['DescribeActiveReceiptRuleSet']);
      expect(other.responses[0]).toMatchObject({ Status: 'SUCCESS' });
    }
  });

  it('answers FAILED with the reason when SES refuses, instead of leaving CloudFormation waiting', async () => {
    const { responses, handler } = load(undefined, new Error('Rate exceeded'));
    await handler(event('Create'), context);
    expect(responses).toEqual([
      expect.objectContaining({ Status: 'FAILED', Reason: 'Rate exceeded (log stream stream-1)' }),
    ]);
  });
});
