import type { CaseFolder, Label } from '../../domain/case-filing';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { FilingCatalogue, Stored } from './filing-catalogue';

export class DynamoFilingCatalogue implements FilingCatalogue {
  constructor(private readonly table: SingleTable) {}

  async listLabels(): Promise<Stored<Label>[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.labelPartition },
    });
    return items.map((i) => strip<Stored<Label>>(i));
  }

  async getLabel(id: string): Promise<Stored<Label> | undefined> {
    const item = await this.table.get(keys.label(id));
    return item ? strip<Stored<Label>>(item) : undefined;
  }

  createLabel(label: Label): Promise<boolean> {
    return this.table.putIfAbsent({ ...keys.label(label.id), entity: 'label', ...label });
  }

  async saveLabel(label: Stored<Label>): Promise<void> {
    await this.table.put({ ...keys.label(label.id), entity: 'label', ...label });
  }

  async listFolders(): Promise<Stored<CaseFolder>[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.caseFolderPartition },
    });
    return items.map((i) => strip<Stored<CaseFolder>>(i));
  }

  async getFolder(id: string): Promise<Stored<CaseFolder> | undefined> {
    const item = await this.table.get(keys.caseFolder(id));
    return item ? strip<Stored<CaseFolder>>(item) : undefined;
  }

  createFolder(folder: CaseFolder): Promise<boolean> {
    return this.table.putIfAbsent({ ...keys.caseFolder(folder.id), entity: 'case-folder', ...folder });
  }

  async saveFolder(folder: Stored<CaseFolder>): Promise<void> {
    await this.table.put({ ...keys.caseFolder(folder.id), entity: 'case-folder', ...folder });
  }
}
