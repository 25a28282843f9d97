import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import { useStrings } from '../lib/i18n';
import { SaveError, useVersionedList } from '../lib/versioned-list';
import { useSession } from '../lib/session';
import { formatDateTime } from '../lib/time';

/** A rule as the API keeps it (functions/domain/message-rules.ts is the schema). */
type TextMatch = string | { equals: string } | { contains: string } | { regex: string; flags?: string };
interface Rule {
  name: string;
  match: { recipient?: TextMatch; sender?: TextMatch; senderDomain?: string; subject?: TextMatch };
  set: { folder?: string; team?: string; labels: string[] };
  stop: boolean;
}
interface RulesList {
  rules: Rule[];
  version: number;
  source: 'config' | 'table';
  updatedAt: string | null;
  updatedBy: string | null;
  teams: string[];
}

type MatchField = 'recipient' | 'sender' | 'subject';
const MATCH_FIELDS: MatchField[] = ['recipient', 'sender', 'subject'];

/** A match as one line of text: `/…/flags` is a regular expression, anything else plain. */
function matchText(m: TextMatch | undefined): string {
  if (m === undefined) return '';
  if (typeof m === 'string') return m;
  if ('equals' in m) return m.equals;
  if ('contains' in m) return m.contains;
  return `/${m.regex}/${m.flags ?? ''}`;
}
function textMatch(text: string, before: TextMatch | undefined): TextMatch | undefined {
  const value = text.trim();
  if (!value) return undefined;
  // Unchanged: the rule keeps its exact form (an `equals` subject stays one).
  if (before !== undefined && matchText(before) === value) return before;
  const regex = /^\/(.+)\/([imsu]*)$/.exec(value);
  return regex ? { regex: regex[1] as string, ...(regex[2] ? { flags: regex[2] } : {}) } : value;
}

interface Draft {
  name: string;
  recipient: string;
  sender: string;
  senderDomain: string;
  subject: string;
  folder: string;
  team: string;
  labels: string;
  stop: boolean;
}
const EMPTY: Draft = { name: '', recipient: '', sender: '', senderDomain: '', subject: '', folder: '', team: '', labels: '', stop: false };
const draftOf = (r: Rule): Draft => ({
  name: r.name,
  recipient: matchText(r.match.recipient),
  sender: matchText(r.match.sender),
  senderDomain: r.match.senderDomain ?? '',
  subject: matchText(r.match.subject),
  folder: r.set.folder ?? '',
  team: r.set.team ?? '',
  labels: r.set.labels.join(', '),
  stop: r.stop,
});
function ruleOf(d: Draft, before?: Rule): Rule {
  const match: Rule['match'] = {};
  for (const field of MATCH_FIELDS) {
    const m = textMatch(d[field], before?.match[field]);
    if (m !== undefined) match[field] = m;
  }
  if (d.senderDomain.trim()) match.senderDomain = d.senderDomain.trim();
  return {
    name: d.name.trim(),
    match,
    set: {
      ...(d.folder.trim() ? { folder: d.folder.trim() } : {}),
      ...(d.team ? { team: d.team } : {}),
      labels: d.labels.split(',').map((l) => l.trim()).filter(Boolean),
    },
    stop: d.stop,
  };
}

/** Message rules (admins, R-BOX-7): ordered; every new mail is filed by them, from the next mail on. */
export function MessageRulesScreen() {
  const t = useStrings();
  const { me } = useSession();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  /** The position of the rule being edited; null: a new rule. */
  const [editing, setEditing] = useState<number | null>(null);
  const { list, save } = useVersionedList<RulesList, Rule>({
    path: '/message-rules',
    field: 'rules',
    onSaved: () => {
      setDraft(EMPTY);
      setEditing(null);
    },
  });
  const rules = list.data?.rules ?? [];
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(i, 1);
    if (rule) next.splice(i + by, 0, rule);
    save.mutate(next);
  };
  const submit = () => {
    const rule = ruleOf(draft, editing === null ? undefined : rules[editing]);
    save.mutate(editing === null ? [...rules, rule] : rules.map((r, i) => (i === editing ? rule : r)));
  };
  const field = (key: Exclude<keyof Draft, 'stop' | 'team'>, label: string, hint?: string) => (
    <FormField label={label} description={hint}>
      <Input value={draft[key]} onChange={({ detail }) => setDraft({ ...draft, [key]: detail.value })} />
    </FormField>
  );
  const source = list.data
    ? list.data.source === 'config'
      ? t.rulesFromConfig
      : `${t.savedBy} ${list.data.updatedBy ?? ''}, ${list.data.updatedAt ? formatDateTime(list.data.updatedAt, me.language) : ''}`
    : '';
  return (
    <ContentLayout header={<Header variant="h1" description={t.rulesHint}>{t.messageRules}</Header>}>
      <SpaceBetween size="l">
        <Table
          items={rules.map((rule, i) => ({ rule, i }))}
          loading={list.isLoading}
          loadingText={t.loading}
          trackBy="i"
          header={<Header variant="h2" description={source} counter={`(${rules.length})`}>{t.messageRules}</Header>}
          empty={<Box textAlign="center">{t.noRules}</Box>}
          columnDefinitions={[
            { id: 'order', header: '#', cell: ({ i }) => i + 1 },
            { id: 'name', header: t.templateName, cell: ({ rule }) => rule.name },
            {
              id: 'when',
              header: t.ruleWhen,
              cell: ({ rule }) =>
                [
                  ...MATCH_FIELDS.filter((f) => rule.match[f] !== undefined).map((f) => `${t.ruleFields[f]}: ${matchText(rule.match[f])}`),
                  ...(rule.match.senderDomain ? [`${t.ruleFields.senderDomain}: ${rule.match.senderDomain}`] : []),
                ].join('; '),
            },
            {
              id: 'then',
              header: t.ruleThen,
              cell: ({ rule }) =>
                [
                  ...(rule.set.folder ? [`${t.ruleFields.folder}: ${rule.set.folder}`] : []),
                  ...(rule.set.team ? [`${t.team}: ${rule.set.team}`] : []),
                  ...(rule.set.labels.length ? [`${t.ruleFields.labels}: ${rule.set.labels.join(', ')}`] : []),
                  ...(rule.stop ? [t.ruleStops] : []),
                ].join('; '),
            },
            {
              id: 'actions',
              header: '',
              cell: ({ rule, i }) => (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button variant="inline-icon" iconName="arrow-up" ariaLabel={`${t.moveUp} ${rule.name}`} disabled={i === 0 || save.isPending} onClick={() => move(i, -1)} />
                  <Button variant="inline-icon" iconName="arrow-down" ariaLabel={`${t.moveDown} ${rule.name}`} disabled={i === rules.length - 1 || save.isPending} onClick={() => move(i, 1)} />
                  <Button variant="inline-link" ariaLabel={`${t.edit} ${rule.name}`} onClick={() => (setEditing(i), setDraft(draftOf(rule)))}>
                    {t.edit}
                  </Button>
                  <Button variant="inline-link" ariaLabel={`${t.delete} ${rule.name}`} disabled={save.isPending} onClick={() => save.mutate(rules.filter((_, j) => j !== i))}>
                    {t.delete}
                  </Button>
                </SpaceBetween>
              ),
            },
          ]}
        />
        <Container header={<Header variant="h2">{editing === null ? t.newRule : `${t.edit}: ${rules[editing]?.name ?? ''}`}</Header>}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <SpaceBetween size="m">
              {field('name', t.templateName)}
              <ColumnLayout columns={2}>
                <SpaceBetween size="s">
                  <Box variant="h3">{t.ruleWhen}</Box>
                  {field('recipient', t.ruleFields.recipient, t.ruleExactHint)}
                  {field('sender', t.ruleFields.sender, t.ruleExactHint)}
                  {field('senderDomain', t.ruleFields.senderDomain)}
                  {field('subject', t.ruleFields.subject, t.ruleContainsHint)}
                </SpaceBetween>
                <SpaceBetween size="s">
                  <Box variant="h3">{t.ruleThen}</Box>
                  {field('folder', t.ruleFields.folder)}
                  <FormField label={t.team}>
                    <Select
                      selectedOption={{ value: draft.team, label: draft.team || t.keepTeam }}
                      options={[{ value: '', label: t.keepTeam }, ...(list.data?.teams ?? []).map((x) => ({ value: x, label: x }))]}
                      onChange={({ detail }) => setDraft({ ...draft, team: detail.selectedOption.value ?? '' })}
                    />
                  </FormField>
                  {field('labels', t.ruleFields.labels, t.ruleLabelsHint)}
                  <Checkbox checked={draft.stop} onChange={({ detail }) => setDraft({ ...draft, stop: detail.checked })}>
                    {t.ruleStops}
                  </Checkbox>
                </SpaceBetween>
              </ColumnLayout>
              <SaveError save={save} list={list} />
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="primary" loading={save.isPending} disabled={!draft.name.trim()}>
                  {editing === null ? t.addRule : t.save}
                </Button>
                {editing !== null && (
                  <Button formAction="none" onClick={() => (setEditing(null), setDraft(EMPTY))}>
                    {t.cancel}
                  </Button>
                )}
              </SpaceBetween>
            </SpaceBetween>
          </form>
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}
