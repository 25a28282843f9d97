import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type ConsoleConfig, consoleCsp } from '../../console/security-headers';
import { EDGE_ORIGIN_HEADER } from '../../functions/config/env';
import type { CaseflowHttpApi } from './http-api';
import { acknowledge, wildcardResourceFinding } from './nag';

export interface PublicEdgeProps {
  readonly httpApi: CaseflowHttpApi;
  /** The web ACL (scope CLOUDFRONT, made in us-east-1) in front of the distribution. */
  readonly webAclArn: string;
  /** Where the console signs in (the issuer and the managed login): its CSP lets it talk to them. */
  readonly signInOrigins: string[];
  /** The console's live channel (AppSync Events' realtime endpoint, wss://…): its CSP lets it connect. */
  readonly liveOrigins?: string[];
  /** What the console reads from `/config.json`: the issuer and its app client. */
  readonly consoleConfig: ConsoleConfig;
  /** The built console (`console/dist`, built by `npm ci`). */
  readonly consoleDist: string;
}

/** Paths the HTTP API answers behind the edge; everything else is the console. */
export const API_PATHS = ['/api/*', '/pages/*', '/health'] as const;

/**
 * The one public address of a deployment: a CloudFront distribution behind the edge firewall
 * (AWS WAF). It serves the console from a private bucket (origin access control) and sends
 * `/api/*`, `/pages/*` and `/health` to the HTTP API, so the console is same-origin with its API
 * and page links pass the firewall. The API refuses those routes when they do not come through
 * here: CloudFront adds a secret origin header the function checks. Machine callers keep
 * `/ops/api/*` on the API's own address (IAM-signed).
 */
export class PublicEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly consoleBucket: s3.Bucket;
  /** `https://<distribution domain>`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const { httpApi } = props;

    this.consoleBucket = new s3.Bucket(this, 'ConsoleAssets', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    acknowledge(
      this.consoleBucket,
      'AwsSolutions-S1',
      'Holds only the built console (public files, rebuilt on every deploy); reads reach it only through CloudFront'
    );

    // The origin secret: CloudFront sends it to the API, which refuses requests without it.
    const originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description:
        'caseflow: the header value CloudFront sends to the HTTP API (requests without it are refused)',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    acknowledge(
      originSecret,
      'AwsSolutions-SMG4',
      'The value sits in the distribution and the function together; rotating it means redeploying both, which cdk deploy does'
    );
    const secretValue = originSecret.secretValue.unsafeUnwrap();
    httpApi.handler.lambdaFunction.addEnvironment('EDGE_ORIGIN_SECRET', secretValue);

    const apiOrigin = new origins.HttpOrigin(
      `${httpApi.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        customHeaders: { [EDGE_ORIGIN_HEADER]: secretValue },
        readTimeout: Duration.seconds(30),
      }
    );
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every header but Host (API Gateway routes on its own host name): Authorization included.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      // The function sets each response's own CSP (the page screens); these add HSTS and the rest.
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'caseflow: console, staff API, page links',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.consoleBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: new cloudfront.ResponseHeadersPolicy(this, 'ConsoleHeaders', {
          comment: 'caseflow console: strict CSP, HSTS, no framing, no referrer',
          securityHeadersBehavior: {
            contentSecurityPolicy: {
              contentSecurityPolicy: consoleCsp(props.signInOrigins, props.liveOrigins),
              override: true,
            },
            strictTransportSecurity: {
              accessControlMaxAge: Duration.days(365),
              includeSubdomains: true,
              override: true,
            },
            contentTypeOptions: { override: true },
            frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
            referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
          },
        }),
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'ConsoleRoutes', {
              comment: 'caseflow console: a path that is not a file is a route of the single-page app',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(
                "function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) r.uri = '/index.html'; return r; }"
              ),
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(API_PATHS.map((path) => [path, apiBehavior])),
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    // The built console: hashed files cached for a year, the page and its config revalidated at
    // once (so no CloudFront invalidation, and no grant for one, is needed).
    const assets = new s3deploy.BucketDeployment(this, 'ConsoleAssetsFiles', {
      destinationBucket: this.consoleBucket,
      destinationKeyPrefix: 'assets/',
      sources: [s3deploy.Source.asset(join(props.consoleDist, 'assets'), { exclude: ['*.map'] })],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      // Old hashed files stay: a browser holding the previous page still finds its scripts.
      prune: false,
      memoryLimit: 512,
    });
    const deployment = new s3deploy.BucketDeployment(this, 'ConsolePage', {
      destinationBucket: this.consoleBucket,
      sources: [
        s3deploy.Source.asset(props.consoleDist, { exclude: ['assets', 'assets/*', '.sources-sha256'] }),
        s3deploy.Source.jsonData('config.json', props.consoleConfig),
      ],
      cacheControl: [s3deploy.CacheControl.noCache()],
      prune: false,
      memoryLimit: 512,
    });
    deployment.node.addDependency(assets);
    acknowledgeDeploymentHelper(deployment, this.consoleBucket);
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Customers and on-call engineers are anywhere; the firewall limits each address instead of each country'
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      "The firewall keeps sampled requests and metrics per rule; every API call is in the HTTP API's access log"
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate allows TLS 1.0 viewers by design; a custom domain with TLSv1.2_2021 lifts it'
    );
  }
}

/**
 * The acknowledgements of CDK's own bucket-deployment helper (a singleton function that copies the
 * console's files at deploy time; its code, runtime and role are CDK's, not caseflow's), each by
 * the exact finding.
 */
function acknowledgeDeploymentHelper(deployment: s3deploy.BucketDeployment, bucket: s3.IBucket): void {
  const stack = Stack.of(deployment);
  const helper = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!helper) throw new Error('the bucket-deployment helper was not found');
  const copies =
    "CDK's bucket-deployment helper copies the console from CDK's asset bucket into the console bucket";
  acknowledge(
    helper,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "CDK's bucket-deployment helper writes its own logs; it runs only during cdk deploy"
  );
  for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'])
    acknowledge(
      helper,
      `AwsSolutions-IAM5[Action::${action}]`,
      `${copies} (and prunes what a deploy removed)`
    );
  acknowledge(helper, wildcardResourceFinding(helper, `${bucket.bucketArn}/*`), copies);
  // CDK's bootstrap asset bucket (default qualifier), as cdk-nag names it.
  acknowledge(
    helper,
    `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
    copies
  );
  acknowledge(
    helper,
    'AwsSolutions-L1',
    "The runtime of CDK's bucket-deployment helper is chosen by aws-cdk-lib and moves with its releases"
  );
}
