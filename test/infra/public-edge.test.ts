import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { LambdaEvent } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_ORIGIN_HEADER } from '../../functions/config/env';
import { edgeCheck } from '../../functions/handlers/api';
import { EDGE_REGION } from '../../infra/caseflow-stack';
import { EDGE_RATE_LIMITS } from '../../infra/constructs/edge-firewall';
import { build, cleanUpTempDirs, logicalId } from './synth';

/** The public edge: CloudFront with AWS WAF in front of the console bucket and the HTTP API. */
cleanUpTempDirs();
let built: ReturnType<typeof build>;
let template: Template;
let edgeTemplate: Template;

beforeAll(() => {
  built = build();
  template = built.template;
  edgeTemplate = Template.fromStack(built.edgeStack);
}, 120_000);

type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: unknown;
  ResponseHeadersPolicyId: unknown;
  AllowedMethods?: string[];
};
type Origin = {
  Id: string;
  DomainName: unknown;
  OriginAccessControlId?: unknown;
  OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
};
const distributionConfig = () => {
  const [dist] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as {
    Properties: {
      DistributionConfig: {
        WebACLId: unknown;
        DefaultCacheBehavior: Behavior;
        CacheBehaviors: Behavior[];
        Origins: Origin[];
      };
    };
  }[];
  return dist!.Properties.DistributionConfig;
};

describe('edge firewall', () => {
  it('is a CLOUDFRONT web ACL in us-east-1, whatever the deployment region', () => {
    expect(Stack.of(built.edgeStack.firewall).region).toBe(EDGE_REGION);
    expect(built.stack.region).toBe('eu-west-1');
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
  });

  it('limits requests per address, page links more tightly, and applies AWS managed rules', () => {
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'PageLinksPerAddress',
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: EDGE_RATE_LIMITS.pageLinksPerAddress,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  SearchString: '/pages/',
                  PositionalConstraint: 'STARTS_WITH',
                }),
              },
            }),
          },
        }),
        Match.objectLike({
          Name: 'RequestsPerAddress',
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ Limit: EDGE_RATE_LIMITS.perAddress }) },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
          },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
            }),
          },
        }),
      ]),
    });
  });

  it('is attached to the distribution, read across regions from the edge stack', () => {
    expect(JSON.stringify(distributionConfig().WebACLId)).toContain('Fn::GetStackOutput');
    expect(JSON.stringify(distributionConfig().WebACLId)).toContain(EDGE_REGION);
    expect(built.stack.dependencies).toContain(built.edgeStack);
  });
});

describe('console bucket', () => {
  it('is private, encrypted and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      Tags: Match.absent(),
    });
  });

  it('receives the built console and its sign-in config on every deploy, the page never cached stale', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as {
      Properties: {
        DestinationBucketName: unknown;
        DestinationBucketKeyPrefix?: string;
        SystemMetadata: Record<string, string>;
        SourceMarkers?: Record<string, unknown>[];
      };
    }[];
    expect(deployments).toHaveLength(2);
    for (const d of deployments)
      expect(d.Properties.DestinationBucketName).toEqual({ Ref: logicalId(built.stack.edge.consoleBucket) });
    const page = deployments.find((d) => !d.Properties.DestinationBucketKeyPrefix)!;
    expect(page.Properties.SystemMetadata['cache-control']).toBe('no-cache');
    const assets = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === 'assets/')!;
    expect(assets.Properties.SystemMetadata['cache-control']).toContain('immutable');
    // config.json is filled in at deploy time with the user pool (issuer) and the console's client.
    expect(JSON.stringify(page.Properties.SourceMarkers)).toContain(logicalId(built.stack.identity.userPool));
    expect(JSON.stringify(page.Properties.SourceMarkers)).toContain(
      logicalId(built.stack.identity.consoleClient)
    );
  });

  it('is read by this distribution only, through origin access control', () => {
    const bucket = logicalId(built.stack.edge.consoleBucket);
    const distribution = logicalId(built.stack.edge.distribution);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: distribution }])]),
                },
              },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const s3Origin = distributionConfig().Origins.find((o) => o.OriginAccessControlId);
    expect(s3Origin).toBeDefined();
    expect(distributionConfig().DefaultCacheBehavior.TargetOriginId).toBe(s3Origin!.Id);
  });
});

describe('distribution', () => {
  it('serves the console with a strict Content-Security-Policy, HSTS and no framing', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const [policy] = Object.values(policies) as {
      Properties: {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: unknown; Override: boolean };
            StrictTransportSecurity: { AccessControlMaxAgeSec: number };
            FrameOptions: { FrameOption: string };
          };
        };
      };
    }[];
    const headers = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self';",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // The console signs in at the user pool (discovery, keys) and its managed login (tokens).
    expect(csp).toMatch(/connect-src 'self' [^;]*amazoncognito[^;]*cognito-idp/);
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: Object.keys(policies)[0],
    });
  });

  it('sends /api/*, /pages/* and /health to the HTTP API, uncached, with the origin secret', () => {
    const config = distributionConfig();
    const apiOrigin = config.Origins.find((o) => o.OriginCustomHeaders?.length)!;
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(built.stack.httpApi.api));
    expect(apiOrigin.OriginCustomHeaders!.map((h) => h.HeaderName)).toEqual([EDGE_ORIGIN_HEADER]);
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual(['/api/*', '/health', '/pages/*']);
    for (const behavior of config.CacheBehaviors) {
      expect(behavior.TargetOriginId).toBe(apiOrigin.Id);
      // Managed policy "CachingDisabled".
      expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
      expect(behavior.AllowedMethods).toContain('POST');
    }
    // The function is told the same secret value CloudFront sends.
    const env = template.toJSON().Resources[logicalId(built.stack.httpApi.handler.lambdaFunction)].Properties
      .Environment.Variables as Record<string, unknown>;
    expect(env.EDGE_ORIGIN_SECRET).toEqual(apiOrigin.OriginCustomHeaders![0]!.HeaderValue);
    expect(JSON.stringify(env.EDGE_ORIGIN_SECRET)).toContain('resolve:secretsmanager');
  });
});

describe('the API behind the edge', () => {
  const secret = 'x'.repeat(48);
  const event = (rawPath: string, headers: Record<string, string> = {}) =>
    ({
      rawPath,
      headers,
      requestContext: { http: { method: 'GET', path: rawPath } },
    }) as unknown as LambdaEvent;
  const check = edgeCheck(secret);

  it('refuses page links, health and the staff API that did not come through the edge', () => {
    expect(check(event('/pages/abc'))).toBe(false);
    expect(check(event('/api/cases', { authorization: 'Bearer t' }))).toBe(false);
    expect(check(event('/health', { [EDGE_ORIGIN_HEADER]: 'y'.repeat(48) }))).toBe(false);
    expect(check(event('/health', { [EDGE_ORIGIN_HEADER]: secret.slice(1) }))).toBe(false);
  });

  it('takes what came through the edge, and IAM-signed /ops/api calls on its own address', () => {
    expect(check(event('/pages/abc', { [EDGE_ORIGIN_HEADER]: secret }))).toBe(true);
    expect(check(event('/ops/api/cases'))).toBe(true);
  });
});
