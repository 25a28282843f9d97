import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import { useStrings } from '../lib/i18n';

/** R-BOX-4, as the API enforces it (functions/domain/attachments.ts): 3 files, 20 MB once encoded. */
export const MAX_REPLY_ATTACHMENTS = 3;
const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

/** The message's size once encoded, from above (base64 with line breaks, headroom for headers). */
export function encodedBytes(textLength: number, files: readonly File[]): number {
  const base64 = (n: number) => Math.ceil(n / 3) * 4 * (1 + 2 / 76);
  return 16_384 + 3 * textLength + files.reduce((sum, f) => sum + 1024 + base64(f.size), 0);
}

/** Why these files cannot go with a reply, or null. */
export function attachmentProblem(
  t: ReturnType<typeof useStrings>,
  textLength: number,
  files: readonly File[]
): string | null {
  if (files.length > MAX_REPLY_ATTACHMENTS) return t.tooManyAttachments(files.length);
  const bytes = encodedBytes(textLength, files);
  if (bytes > MAX_MESSAGE_BYTES) return t.attachmentsTooLarge((bytes / 1048576).toFixed(1));
  return null;
}

/** The file's content as base64, as the reply route takes it. */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Files to send with a reply: chosen with a click (or dropped), each removable. */
export function ReplyAttachments({
  files,
  problem,
  onChange,
}: {
  files: File[];
  problem: string | null;
  onChange: (files: File[]) => void;
}) {
  const t = useStrings();
  return (
    <FormField label={t.attachments} description={t.attachmentsHint} errorText={problem ?? undefined}>
      <FileUpload
        multiple
        value={files}
        onChange={({ detail }) => onChange(detail.value)}
        showFileSize
        tokenLimit={MAX_REPLY_ATTACHMENTS + 2}
        i18nStrings={{
          uploadButtonText: (multiple) => (multiple ? t.chooseFiles : t.chooseFile),
          dropzoneText: () => t.dropFiles,
          removeFileAriaLabel: (i) => `${t.removeFile} ${files[i]?.name ?? ''}`,
          limitShowFewer: t.showFewer,
          limitShowMore: t.showMore,
          errorIconAriaLabel: t.error,
          warningIconAriaLabel: t.error,
        }}
      />
    </FormField>
  );
}
