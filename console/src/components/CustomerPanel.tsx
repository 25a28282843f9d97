import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, type CaseDetail, type CaseSummary, type ClassTerms, type CustomerSummary } from '../lib/api';
import { type Strings, useStrings } from '../lib/i18n';

/** How many of the customer's other open and recent cases the panel lists (search shows them all). */
const LISTED = 5;

/** "4 h", "90 min", "1 h 30 min": a length of time in minutes for people. */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/**
 * The customer beside a case: who they are and who writes for them, the plan's terms, this month's
 * guaranteed time against the limit (R-SLA-4) and the hour package, the TAM, and their other open
 * and recent cases (those of the reader's teams). Read from `GET /api/customers/:id/summary`.
 */
export function CustomerPanel({ detail: c }: { detail: CaseDetail }) {
  const t = useStrings();
  const requester = (
    <SpaceBetween size="xxxs">
      <span>{c.requester.name ? `${c.requester.name} <${c.requester.email}>` : c.requester.email}</span>
      {c.requester.phone && <a href={`tel:${c.requester.phone}`}>{c.requester.phone}</a>}
    </SpaceBetween>
  );
  const summary = useQuery({
    queryKey: ['customer-summary', c.customerId, c.reference],
    queryFn: () =>
      api<CustomerSummary>(
        `/customers/${encodeURIComponent(c.customerId ?? '')}/summary?${new URLSearchParams({
          limit: String(LISTED),
          except: c.reference,
        })}`
      ),
    enabled: !!c.customerId,
    staleTime: 30_000,
  });
  const s = summary.data;
  if (!c.customerId || !s)
    return (
      <Container header={<Header variant="h2">{t.customer}</Header>}>
        <KeyValuePairs
          columns={1}
          items={[
            { label: t.customer, value: c.customerName ?? t.unknownCustomer },
            { label: t.requester, value: requester },
            { label: t.channel, value: c.channel.address },
          ]}
        />
      </Container>
    );
  const plan = s.plan;
  return (
    <SpaceBetween size="m">
      <Container header={<Header variant="h2">{t.customer}</Header>} data-testid="customer-panel">
        <KeyValuePairs
          columns={1}
          items={[
            { label: t.customer, value: `${s.customer.name} (${s.customer.domains.join(', ')})` },
            { label: t.requester, value: requester },
            {
              label: t.designatedContacts,
              value: (
                <ul className="plain-list">
                  {s.contacts.map((p) => (
                    <li key={p.email}>
                      {p.name} &lt;{p.email}&gt;
                      {p.phone && (
                        <>
                          {' · '}
                          <a href={`tel:${p.phone}`}>{p.phone}</a>
                        </>
                      )}
                      {!p.designated && ` · ${t.notDesignated}`}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              label: t.tam,
              value: s.tams.length
                ? s.tams.map((m) => `${m.name} <${m.email}>${m.phone ? ` · ${m.phone}` : ''} · ${m.hours}`).join('; ')
                : '—',
            },
            { label: t.channel, value: c.channel.address },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2">{plan ? `${t.plan}: ${plan.name}` : t.plan}</Header>}>
        {plan ? (
          <SpaceBetween size="s">
            <Box variant="small" color="text-body-secondary">
              {plan.description}
            </Box>
            <KeyValuePairs
              columns={1}
              items={[
                { label: t.serviceHours, value: plan.serviceHours },
                { label: t.criticalCases, value: classText(t, plan.critical) },
                { label: t.otherCases, value: classText(t, plan.nonCritical) },
                {
                  label: t.sev1Callback,
                  value: plan.sev1CallbackMinutes === null ? t.none : `${minutesText(plan.sev1CallbackMinutes)}, 24/7`,
                },
                {
                  label: t.guaranteedTime,
                  value:
                    s.guaranteedTime.limitMinutes === null ? (
                      `${minutesText(s.guaranteedTime.usedMinutes)} · ${t.noLimit}`
                    ) : (
                      <ProgressBar
                        value={Math.min(100, (100 * s.guaranteedTime.usedMinutes) / s.guaranteedTime.limitMinutes)}
                        status={s.guaranteedTime.exhausted ? 'error' : 'in-progress'}
                        description={`${minutesText(s.guaranteedTime.usedMinutes)} / ${minutesText(
                          s.guaranteedTime.limitMinutes
                        )} · ${s.guaranteedTime.month}`}
                        ariaLabel={t.guaranteedTime}
                        resultText={t.guaranteeUsedUp}
                      />
                    ),
                },
                {
                  label: t.hourPackage,
                  value: s.hourPackage
                    ? `${minutesText(s.hourPackage.usedMinutes)} / ${minutesText(s.hourPackage.packageMinutes)} · ${s.hourPackage.month}`
                    : t.none,
                },
              ]}
            />
          </SpaceBetween>
        ) : (
          t.noPlan
        )}
      </Container>
      <Container header={<Header variant="h2">{t.customerCases}</Header>}>
        <SpaceBetween size="s">
          <CaseList title={t.otherOpenCases} sample={s.openCases} customerId={s.customer.id} />
          <CaseList title={t.recentCases} sample={s.recentCases} customerId={s.customer.id} />
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}

function classText(t: Strings, terms: ClassTerms): string {
  const parts = [
    terms.responseMinutes === null ? t.noGuaranteedResponse : `${t.response} ${minutesText(terms.responseMinutes)}`,
    ...(terms.resolutionMinutes === null ? [] : [`${t.resolution} ${minutesText(terms.resolutionMinutes)}`]),
    ...(terms.updateEveryMinutes === null ? [] : [`${t.updates} ${minutesText(terms.updateEveryMinutes)}`]),
  ];
  return `${parts.join(', ')} · ${terms.hours}`;
}

function CaseList({
  title,
  sample,
  customerId,
}: {
  title: string;
  sample: { cases: CaseSummary[]; total: number };
  customerId: string;
}) {
  const t = useStrings();
  const navigate = useNavigate();
  return (
    <ExpandableSection headerText={`${title} (${sample.total})`} defaultExpanded={sample.total > 0} variant="footer">
      {sample.cases.length ? (
        <ul className="plain-list case-links">
          {sample.cases.map((x) => (
            <li key={x.id}>
              <Link
                href={`/cases/${x.reference}`}
                onFollow={(e) => {
                  e.preventDefault();
                  void navigate({ to: '/cases/$reference', params: { reference: x.reference } });
                }}
              >
                {x.reference}
              </Link>{' '}
              {x.severity === 'SEV1' && <StatusIndicator type="error">{t.sev1}</StatusIndicator>} {x.subject}
            </li>
          ))}
        </ul>
      ) : (
        <Box variant="small">{t.none}</Box>
      )}
      {sample.total > sample.cases.length && (
        <Link
          href={`/search?customer=${encodeURIComponent(customerId)}`}
          onFollow={(e) => {
            e.preventDefault();
            void navigate({ to: '/search', search: { customer: customerId } });
          }}
        >
          {t.allCustomerCases(sample.total)}
        </Link>
      )}
    </ExpandableSection>
  );
}
