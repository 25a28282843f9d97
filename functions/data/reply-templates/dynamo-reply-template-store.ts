import type { ReplyTemplate } from '../../domain/reply-templates';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { ReplyTemplateStore } from './reply-template-store';

export class DynamoReplyTemplateStore implements ReplyTemplateStore {
  constructor(private readonly table: SingleTable) {}

  async listTemplates(userId: string): Promise<ReplyTemplate[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.templatePartition },
    });
    return items
      .map((i) => strip<ReplyTemplate>(i))
      .filter((t) => t.owner === 'shared' || t.owner === userId)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async getTemplate(id: string): Promise<ReplyTemplate | undefined> {
    const item = await this.table.get(keys.template(id));
    return item ? strip<ReplyTemplate>(item) : undefined;
  }

  async saveTemplate(template: ReplyTemplate): Promise<void> {
    await this.table.put({ ...keys.template(template.id), entity: 'reply-template', ...template });
  }

  async deleteTemplate(id: string): Promise<void> {
    await this.table.delete(keys.template(id));
  }
}
