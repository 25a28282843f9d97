import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { caseTableDefinition } from '../../functions/adapters/aws/table-definition';
import { acknowledge } from './nag';

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The single case table (keys, GSIs and TTL from functions/adapters/aws/table-definition.ts, the
 * same object the local runtime creates its table from) and its protection: point-in-time
 * recovery for 35 days, a daily AWS Backup kept 35 days (R-BOX-11: "restore to the previous
 * day"), deletion protection, and RETAIN so a stack deletion never takes the data.
 */
export class CaseStore extends Construct {
  readonly table: dynamodb.TableV2;
  readonly backupPlan: backup.BackupPlan;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const definition = caseTableDefinition;

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: string(definition.partitionKey),
      sortKey: string(definition.sortKey),
      billing: dynamodb.Billing.onDemand(),
      // Spam and other expiring items carry an epoch-seconds `ttl` (R-BOX-10: spam goes after 90 days).
      timeToLiveAttribute: definition.timeToLiveAttribute,
      globalSecondaryIndexes: definition.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: string(gsi.partitionKey),
        sortKey: string(gsi.sortKey),
        ...(gsi.projection.type === 'INCLUDE'
          ? {
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...gsi.projection.attributes],
            }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      })),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.backupPlan = backup.BackupPlan.daily35DayRetention(this, 'BackupPlan');
    const selection = this.backupPlan.addSelection('CaseTable', {
      resources: [backup.BackupResource.fromDynamoDbTable(this.table)],
    });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      "AWS Backup's own service-role policy: AWS maintains exactly what Backup needs to snapshot the table"
    );
  }
}
