import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EDGE_ORIGIN_HEADER } from '../../functions/config/env';
import type { CaseflowHttpApi } from './http-api';
import { acknowledge } from './nag';

export interface PublicEdgeProps {
  readonly httpApi: CaseflowHttpApi;
  /** The web ACL (scope CLOUDFRONT, made in us-east-1) in front of the distribution. */
  readonly webAclArn: string;
  /** Where the console signs in (Cognito managed login): the console's CSP lets it talk to it. */
  readonly loginOrigin: string;
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
            contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(props.loginOrigin), override: true },
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
 * The console's Content-Security-Policy: its own scripts and styles only, API calls to its own
 * origin and the sign-in service, mail shown in sandboxed frames, nothing framing it.
 */
export function consoleCsp(loginOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The design system sets element styles from script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${loginOrigin}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${loginOrigin}`,
    "frame-ancestors 'none'",
  ].join('; ');
}
