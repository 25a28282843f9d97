import type { ReplyTemplate } from '../../domain/reply-templates';

/** Reply templates (R-BOX-1): the shared ones and each agent's own, in one small partition. */
export interface ReplyTemplateStore {
  /** The shared templates and `userId`'s own, by name. */
  listTemplates(userId: string): Promise<ReplyTemplate[]>;
  getTemplate(id: string): Promise<ReplyTemplate | undefined>;
  saveTemplate(template: ReplyTemplate): Promise<void>;
  deleteTemplate(id: string): Promise<void>;
}
