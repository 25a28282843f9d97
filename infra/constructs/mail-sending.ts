import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface HostedZoneRef {
  readonly hostedZoneId: string;
  readonly zoneName: string;
}

export interface MailSendingProps {
  /** The support domain (config.domain): mail is sent from addresses on it. */
  readonly domain: string;
  /** A public Route 53 zone holding the domain: the DKIM records are created in it. @default - records are printed as outputs */
  readonly hostedZone?: HostedZoneRef;
}

/**
 * Sending mail: the SES domain identity of the support domain (Easy DKIM) and its default
 * configuration set (TLS required, the account suppression list applied to bounces and complaints).
 */
export class MailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    // Identity.publicHostedZone() would verify the zone's apex; the support domain may be a
    // subdomain of the zone, so the DKIM records are written here for exactly that domain.
    const zone = props.hostedZone;
    if (zone) {
      const zoneName = zone.zoneName.replace(/\.$/, '').toLowerCase();
      const domain = props.domain.toLowerCase();
      if (domain !== zoneName && !domain.endsWith(`.${zoneName}`)) {
        throw new Error(`hosted zone ${zoneName} does not contain the support domain ${domain}`);
      }
      const hostedZone = route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: zone.hostedZoneId,
        zoneName,
      });
      this.identity.dkimRecords.forEach((record, i) => {
        new route53.CnameRecord(this, `Dkim${i + 1}`, {
          zone: hostedZone,
          recordName: record.name,
          domainName: record.value,
        });
      });
    } else {
      this.identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `DKIM CNAME ${i + 1} to publish for ${props.domain}: name = value`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
  }

  /**
   * Lets a function send from the support domain. The identity has a default configuration
   * set, and SES then also authorizes the send against the configuration set, so both are
   * granted (aws/aws-cdk#34402: grantSendEmail alone fails with AccessDenied).
   */
  grantSend(grantee: iam.IGrantable): void {
    this.identity.grantSendEmail(grantee);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [
        Stack.of(this).formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
    });
  }
}
