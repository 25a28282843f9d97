import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import { Construct, type IDependable } from 'constructs';
import { acknowledge } from './nag';

export interface ReceiptRuleSetActivationProps {
  readonly ruleSet: ses.ReceiptRuleSet;
  /** Activated only once these exist, so no mail meets a rule set without its rules. */
  readonly after: IDependable[];
}

/**
 * Makes the caseflow rule set the ACTIVE receipt rule set of the region (opt-in: context
 * `activateRuleSet=true`). SES has one active rule set per region: activating this one
 * deactivates whatever was active, for every domain of the account in that region.
 *
 * On delete it deactivates receiving only if this rule set is still the active one, so removing
 * caseflow never switches off a rule set someone activated since. That needs a read before the
 * write, which AwsCustomResource (one SDK call per event) cannot do; hence this small function,
 * inline, answering CloudFormation itself.
 */
export class ReceiptRuleSetActivation extends Construct {
  constructor(scope: Construct, id: string, props: ReceiptRuleSetActivationProps) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'caseflow: activates the SES receipt rule set',
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SetActiveReceiptRuleSet', 'ses:DescribeActiveReceiptRuleSet'],
        resources: ['*'],
      })
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'SES SetActiveReceiptRuleSet and DescribeActiveReceiptRuleSet support no resource-level permissions'
    );

    const fn = new lambda.Function(this, 'Function', {
      description: 'caseflow: activates the SES receipt rule set; on delete deactivates it if still active',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      // Deploy-time only, a dozen lines: the runtime's own AWS SDK is good enough here.
      code: lambda.Code.fromInline(ACTIVATION_HANDLER_SOURCE),
      timeout: Duration.seconds(30),
      role,
      logGroup,
    });
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Same Node.js 22 runtime as the rest of caseflow; a deploy-time custom resource with no dependencies'
    );

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      properties: { RuleSetName: props.ruleSet.receiptRuleSetName },
    });
    resource.node.addDependency(...props.after);
  }
}

/** CommonJS for the inline ZipFile; answers CloudFormation on its pre-signed URL. */
export const ACTIVATION_HANDLER_SOURCE = `
const { SESClient, DescribeActiveReceiptRuleSetCommand, SetActiveReceiptRuleSetCommand } = require('@aws-sdk/client-ses');
const ses = new SESClient({});
exports.handler = async (event, context) => {
  const name = event.ResourceProperties.RuleSetName;
  let status = 'SUCCESS';
  let reason = 'ok';
  try {
    if (event.RequestType === 'Delete') {
      const active = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
      if (active.Metadata && active.Metadata.Name === name) {
        await ses.send(new SetActiveReceiptRuleSetCommand({}));
      }
    } else {
      await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: name }));
    }
  } catch (error) {
    console.error(error);
    status = 'FAILED';
    reason = String((error && error.message) || error).slice(0, 300) + ' (log stream ' + context.logStreamName + ')';
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: 'active-receipt-rule-set:' + name,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const response = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error('CloudFormation response rejected: ' + response.status);
};
`;
