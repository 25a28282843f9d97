import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import { type UseMutationResult, type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './api';
import { useStrings } from './i18n';

/**
 * A short ordered list admins replace whole (message rules, support addresses): read with its
 * `version`, saved as `{ [field]: items, version }`; a save after someone else's answers 409 and
 * the screen offers to read the list again. `onSaved` clears the screen's draft.
 */
export function useVersionedList<L extends { version: number }, I>(o: {
  path: string;
  field: string;
  onSaved: () => void;
}) {
  const queryClient = useQueryClient();
  const queryKey = [o.path];
  const list = useQuery({ queryKey, queryFn: () => api<L>(o.path) });
  const save = useMutation({
    mutationFn: (items: I[]) => api<L>(o.path, { method: 'POST', body: { [o.field]: items, version: list.data?.version ?? 0 } }),
    onSuccess: async () => {
      o.onSaved();
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  return { list, save };
}

/** Why a save failed; when someone saved meanwhile (409), a button reads the list again. */
export function SaveError({
  save,
  list,
}: {
  save: Pick<UseMutationResult, 'error' | 'reset'>;
  list: Pick<UseQueryResult, 'refetch'>;
}) {
  const t = useStrings();
  if (!save.error) return null;
  const conflict = save.error instanceof ApiError && save.error.status === 409;
  return (
    <Alert
      type="error"
      action={conflict ? <Button onClick={() => void list.refetch().then(() => save.reset())}>{t.reload}</Button> : undefined}
    >
      {save.error instanceof ApiError ? save.error.message : String(save.error)}
    </Alert>
  );
}
