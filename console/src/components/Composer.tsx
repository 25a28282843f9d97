import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea, { type TextareaProps } from '@cloudscape-design/components/textarea';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useState } from 'react';
import { ApiError, api } from '../lib/api';
import { useStrings } from '../lib/i18n';

export type ComposerMode = 'reply' | 'note';

/** A draft survives a reload: it is kept per case and kind in this browser until it is sent. */
function useDraft(key: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => localStorage.getItem(key) ?? '');
  useEffect(() => {
    setText(localStorage.getItem(key) ?? '');
  }, [key]);
  const update = (next: string) => {
    setText(next);
    if (next) localStorage.setItem(key, next);
    else localStorage.removeItem(key);
  };
  return [text, update];
}

/**
 * Writes to the customer (in their thread, signed by the agent) or an internal note (never sent).
 * The API takes the author from the agent's token; the signature is theirs (R-BOX-6).
 */
export const Composer = forwardRef<TextareaProps.Ref, { caseId: string; mode: ComposerMode; signature?: string }>(
  function Composer({ caseId, mode, signature }, ref) {
    const t = useStrings();
    const queryClient = useQueryClient();
    const [text, setText] = useDraft(`caseflow.draft.${caseId}.${mode}`);
    const [waiting, setWaiting] = useState(false);
    const [done, setDone] = useState<string | null>(null);
    const send = useMutation({
      mutationFn: () =>
        mode === 'reply'
          ? api(`/cases/${caseId}/replies`, { method: 'POST', body: { text, waitingOnCustomer: waiting } })
          : api(`/cases/${caseId}/notes`, { method: 'POST', body: { text } }),
      onSuccess: async () => {
        setText('');
        setWaiting(false);
        setDone(mode === 'reply' ? t.sent : t.noteAdded);
        await queryClient.invalidateQueries({ queryKey: ['case'] });
      },
    });
    const label = mode === 'reply' ? t.reply : t.note;
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) send.mutate();
        }}
      >
        <SpaceBetween size="s">
          <FormField
            label={label}
            description={mode === 'reply' ? (signature ? t.signatureAdded : undefined) : t.noteHint}
            constraintText={text ? t.draftKept : undefined}
          >
            <Textarea
              ref={ref}
              value={text}
              rows={mode === 'reply' ? 8 : 4}
              ariaLabel={label}
              onChange={({ detail }) => {
                setDone(null);
                setText(detail.value);
              }}
            />
          </FormField>
          {mode === 'reply' && signature && (
            <Box variant="small" color="text-body-secondary">
              <pre className="signature">{`-- \n${signature}`}</pre>
            </Box>
          )}
          {mode === 'reply' && (
            <Checkbox checked={waiting} onChange={({ detail }) => setWaiting(detail.checked)}>
              {t.waitingOnCustomer}
            </Checkbox>
          )}
          {send.error && (
            <Alert type="error">{send.error instanceof ApiError ? send.error.message : String(send.error)}</Alert>
          )}
          {done && (
            <Alert type="success" statusIconAriaLabel="success">
              {done}
            </Alert>
          )}
          <Button variant={mode === 'reply' ? 'primary' : 'normal'} loading={send.isPending} disabled={!text.trim()}>
            {mode === 'reply' ? t.send : t.addNote}
          </Button>
        </SpaceBetween>
      </form>
    );
  }
);
