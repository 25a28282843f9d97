import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Select from '@cloudscape-design/components/select';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea, { type TextareaProps } from '@cloudscape-design/components/textarea';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useState } from 'react';
import { ApiError, api, apiAll, type Team } from '../lib/api';
import { useStrings } from '../lib/i18n';
import { type Mention, MentionPicker } from './MentionPicker';
import { attachmentProblem, base64Of, ReplyAttachments } from './ReplyAttachments';

export type ComposerMode = 'reply' | 'note';

interface Draft {
  text: string;
  /** When the draft began: what the case got after it needs the writer's attention (R-BOX-3). */
  since: string | null;
}

/** A draft survives a reload: it is kept per case and kind in this browser until it is sent. */
function useDraft(key: string): [Draft, (text: string) => void, (since: string) => void] {
  const read = (): Draft => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '') as Draft;
    } catch {
      return { text: '', since: null };
    }
  };
  const [draft, setDraft] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read depends on key only
  useEffect(() => setDraft(read()), [key]);
  const save = (next: Draft) => {
    setDraft(next);
    if (next.text) localStorage.setItem(key, JSON.stringify(next));
    else localStorage.removeItem(key);
  };
  return [
    draft,
    (text) => save({ text, since: text ? (draft.since ?? new Date().toISOString()) : null }),
    (since) => save({ ...draft, since }),
  ];
}

type Refusal =
  | { code: 'reply-locked'; error: string }
  | { code: 'case-changed'; error: string; changes: { at: string; kind: string; from: string }[] };

/**
 * Writes to the customer (in their thread, signed by the agent) or an internal note (never sent).
 * The API takes the author from the agent's token; the signature is theirs (R-BOX-6). A reply is
 * refused while a colleague holds the reply, or when the case changed since the draft began: the
 * agent sees why and sends on purpose.
 */
export const Composer = forwardRef<
  TextareaProps.Ref,
  {
    caseId: string;
    /** The case's team: whom a note may mention. */
    team: Team;
    mode: ComposerMode;
    signature?: string;
    /** Tells the case screen whether a reply is being written (it holds the reply lock then). */
    onWriting?: (writing: boolean) => void;
    /** A colleague holds the reply lock and this agent chose to take over. */
    takeOver?: boolean;
    onTakeOver?: () => void;
  }
>(function Composer({ caseId, team, mode, signature, onWriting, takeOver = false, onTakeOver }, ref) {
  const t = useStrings();
  const queryClient = useQueryClient();
  const [draft, setText, setSince] = useDraft(`caseflow.draft.${caseId}.${mode}`);
  const [waiting, setWaiting] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [mentions, setMentions] = useState<Mention[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const fileProblem = mode === 'reply' ? attachmentProblem(t, draft.text.length, files) : null;
  const writing = mode === 'reply' && draft.text.trim().length > 0;
  // Templates filled in for this case and agent (R-BOX-1), to insert with a search picker.
  const templates = useQuery({
    queryKey: ['case-templates', caseId],
    queryFn: () =>
      apiAll<'templates', { id: string; name: string; shared: boolean; text: string }>(
        `/cases/${caseId}/templates`,
        'templates'
      ),
    enabled: mode === 'reply',
    staleTime: 30_000,
  });
  useEffect(() => onWriting?.(writing), [writing, onWriting]);
  const send = useMutation({
    mutationFn: async (options: { takeOver: boolean; since: string | null }) =>
      mode === 'reply'
        ? api(`/cases/${caseId}/replies`, {
            method: 'POST',
            body: {
              text: draft.text,
              waitingOnCustomer: waiting,
              ...(files.length
                ? {
                    attachments: await Promise.all(
                      files.map(async (f) => ({
                        filename: f.name,
                        contentType: f.type || 'application/octet-stream',
                        content: await base64Of(f),
                      }))
                    ),
                  }
                : {}),
              ...(options.since ? { draftStartedAt: options.since } : {}),
              ...(options.takeOver ? { takeOver: true } : {}),
            },
          })
        : api(`/cases/${caseId}/notes`, {
            method: 'POST',
            body: { text: draft.text, ...(mentions.length ? { mentions: mentions.map((m) => m.id) } : {}) },
          }),
    onSuccess: async () => {
      setText('');
      setMentions([]);
      setFiles([]);
      setWaiting(false);
      setDone(mode === 'reply' ? t.sent : t.noteAdded);
      await queryClient.invalidateQueries({ queryKey: ['case'] });
    },
  });
  // The text as a proposed resolution (R-SEV1-5): the customer confirms by reply, else it closes.
  const propose = useMutation({
    mutationFn: () => api(`/cases/${caseId}/propose-resolution`, { method: 'POST', body: { text: draft.text } }),
    onSuccess: async () => {
      setText('');
      setDone(t.resolutionProposed);
      await queryClient.invalidateQueries({ queryKey: ['case'] });
    },
  });
  const refusal =
    send.error instanceof ApiError && send.error.status === 409 ? (send.error.body as Refusal) : undefined;
  const label = mode === 'reply' ? t.reply : t.note;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.text.trim() && !fileProblem) send.mutate({ takeOver, since: draft.since });
      }}
    >
      <SpaceBetween size="s">
        {mode === 'reply' && (
          <FormField label={t.insertTemplate}>
            <Select
              selectedOption={null}
              placeholder={t.chooseTemplate}
              filteringType="auto"
              filteringAriaLabel={t.insertTemplate}
              statusType={templates.isLoading ? 'loading' : 'finished'}
              empty={t.noTemplates}
              options={(templates.data?.templates ?? []).map((tpl) => ({
                value: tpl.id,
                label: tpl.name,
                description: tpl.shared ? t.sharedTemplate : t.personalTemplate,
              }))}
              onChange={({ detail }) => {
                const chosen = templates.data?.templates.find((tpl) => tpl.id === detail.selectedOption.value);
                if (chosen) setText(draft.text.trim() ? `${draft.text.trimEnd()}\n\n${chosen.text}` : chosen.text);
              }}
            />
          </FormField>
        )}
        <FormField
          label={label}
          description={mode === 'reply' ? (signature ? t.signatureAdded : undefined) : t.noteHint}
          constraintText={draft.text ? t.draftKept : undefined}
        >
          <Textarea
            ref={ref}
            value={draft.text}
            rows={mode === 'reply' ? 8 : 4}
            ariaLabel={label}
            onChange={({ detail }) => {
              setDone(null);
              setText(detail.value);
            }}
          />
        </FormField>
        {mode === 'note' && (
          <MentionPicker
            team={team}
            text={draft.text}
            mentions={mentions}
            onPick={(mention, text) => {
              setMentions([...mentions, mention]);
              setText(text);
            }}
            onRemove={(id) => setMentions(mentions.filter((m) => m.id !== id))}
          />
        )}
        {mode === 'reply' && signature && (
          <Box variant="small" color="text-body-secondary">
            <pre className="signature">{`-- \n${signature}`}</pre>
          </Box>
        )}
        {mode === 'reply' && <ReplyAttachments files={files} problem={fileProblem} onChange={setFiles} />}
        {mode === 'reply' && (
          <Checkbox checked={waiting} onChange={({ detail }) => setWaiting(detail.checked)}>
            {t.waitingOnCustomer}
          </Checkbox>
        )}
        {refusal?.code === 'reply-locked' && (
          <Alert
            type="warning"
            action={
              <Button
                onClick={() => {
                  onTakeOver?.();
                  send.mutate({ takeOver: true, since: draft.since });
                }}
              >
                {t.takeOverAndSend}
              </Button>
            }
          >
            {refusal.error}
          </Alert>
        )}
        {refusal?.code === 'case-changed' && (
          <Alert
            type="warning"
            header={t.needsAttention}
            action={
              <Button
                onClick={() => {
                  // The agent has seen what came in: the draft counts from now.
                  const now = new Date().toISOString();
                  setSince(now);
                  send.mutate({ takeOver, since: now });
                }}
              >
                {t.sendAnyway}
              </Button>
            }
          >
            <ul className="changes">
              {refusal.changes.map((change) => (
                <li key={`${change.at}-${change.from}`}>
                  {change.kind === 'note' ? t.internal : change.kind}: {change.from}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {send.error && !refusal && (
          <Alert type="error">{send.error instanceof ApiError ? send.error.message : String(send.error)}</Alert>
        )}
        {done && (
          <Alert type="success" statusIconAriaLabel="success">
            {done}
          </Alert>
        )}
        <SpaceBetween direction="horizontal" size="xs">
          <Button
            variant={mode === 'reply' ? 'primary' : 'normal'}
            loading={send.isPending}
            disabled={!draft.text.trim() || !!fileProblem}
          >
            {mode === 'reply' ? t.send : t.addNote}
          </Button>
          {mode === 'reply' && (
            <Button
              formAction="none"
              loading={propose.isPending}
              disabled={!draft.text.trim() || files.length > 0}
              onClick={() => propose.mutate()}
            >
              {t.proposeResolution}
            </Button>
          )}
        </SpaceBetween>
        {propose.error && (
          <Alert type="error">{propose.error instanceof ApiError ? propose.error.message : String(propose.error)}</Alert>
        )}
      </SpaceBetween>
    </form>
  );
});
