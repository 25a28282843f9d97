import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Requests one address may make in five minutes, per kind of request. Page links are opened by a
 * handful of on-call engineers; the console makes a few requests per click.
 */
export const EDGE_RATE_LIMITS = {
  /** Everything behind the edge: the console, the staff API, page links. */
  perAddress: 2000,
  /** `/pages/…`: every junk signature would otherwise cost a function call. */
  pageLinksPerAddress: 100,
} as const;

/** AWS managed rule groups the edge applies, with the rules set to count instead of block (and why). */
const MANAGED_RULE_GROUPS: { name: string; countOnly: { rule: string; why: string }[] }[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    countOnly: [
      // A staff reply with attachments is a JSON body of up to 20 MB (R-BOX-4).
      { rule: 'SizeRestrictions_BODY', why: 'replies carry attachments' },
    ],
  },
];

/**
 * The web ACL in front of everything public on AWS (the CloudFront distribution: console, staff
 * API, page links): rate limits per client address, with a tighter one for page links, and AWS's
 * managed rules for bad inputs and known-bad addresses. CloudFront takes only web ACLs made in
 * us-east-1, so this lives in a stack of its own there.
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    let priority = 0;
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'PageLinksPerAddress',
        priority: priority++,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: EDGE_RATE_LIMITS.pageLinksPerAddress,
            evaluationWindowSec: 300,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: '/pages/',
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          },
        },
        visibilityConfig: visibility('PageLinksPerAddress'),
      },
      {
        name: 'RequestsPerAddress',
        priority: priority++,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: EDGE_RATE_LIMITS.perAddress,
            evaluationWindowSec: 300,
            aggregateKeyType: 'IP',
          },
        },
        visibilityConfig: visibility('RequestsPerAddress'),
      },
      ...MANAGED_RULE_GROUPS.map(
        (group): wafv2.CfnWebACL.RuleProperty => ({
          name: group.name,
          priority: priority++,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group.name,
              ruleActionOverrides: group.countOnly.map((r) => ({ name: r.rule, actionToUse: { count: {} } })),
            },
          },
          visibilityConfig: visibility(group.name),
        })
      ),
    ];
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'caseflow edge: rate limits per address, AWS managed rules',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility('caseflow-edge'),
    });
  }
}
