import { CatalogueEditor } from '../components/CatalogueEditor';
import type { CaseFolder } from '../lib/api';
import { useCaseFolders } from '../lib/filing';
import { useStrings } from '../lib/i18n';
import { useSession } from '../lib/session';

/** Case folders (R-BOX-5/7): kept by admins; the spam folder is built in. */
export function CaseFoldersScreen() {
  const t = useStrings();
  const { me } = useSession();
  const folders = useCaseFolders();
  return (
    <CatalogueEditor<CaseFolder>
      title={t.caseFolders}
      hint={t.foldersHint}
      newTitle={t.newFolder}
      empty={t.noFolders}
      editText={t.rename}
      path="/case-folders"
      queryKey="case-folders"
      items={folders.data}
      loading={folders.isLoading}
      mayKeep={me.permissions.includes('folders:manage')}
      columns={[
        { id: 'name', header: t.name, cell: (f) => (f.system ? t.spamCases : f.name) },
        { id: 'count', header: t.cases, cell: (f) => f.count },
        { id: 'origin', header: '', cell: (f) => (f.system ? t.builtIn : f.bootstrap ? t.fromRules : '') },
      ]}
      editable={(f) => !f.system}
      blank={{}}
      body={(f) => ({ name: f.name })}
    />
  );
}
