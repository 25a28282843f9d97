import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The KMS HMAC key that signs page links (id + expiry + HMAC, DESIGN "Clocks and workflows").
 * The key never leaves KMS: the sev1-step function only generates MACs, the API verifies them.
 *
 * HMAC keys cannot rotate automatically (KMS rotates symmetric encryption keys only); cdk-nag's
 * KMS5 applies to symmetric keys alone, so there is nothing to suppress. To rotate, deploy a new
 * key: links signed by the old one stop verifying, which only ends pages early.
 */
export class PageLinkKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'caseflow: signs and verifies Sev-1 page links (HMAC-SHA-256)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The key's ARN, as the functions' `PAGE_LINK_KEY_ID`. */
  get keyArn(): string {
    return this.key.keyArn;
  }

  /** Signs links (sev1-step, which sends the pages). */
  grantSign(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, 'kms:GenerateMac');
  }

  /** Verifies links and may render them again (the API that serves the pages). */
  grantSignAndVerify(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, 'kms:GenerateMac', 'kms:VerifyMac');
  }
}
