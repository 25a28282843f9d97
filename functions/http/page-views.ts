import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { CaseRecord, Page } from '../domain/case';
import { formatInstant } from '../domain/time-format';

/** Server-rendered pages for on-call engineers: one screen per state, one button per action. */

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

export function layout(title: string, body: Body) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · caseflow</title>
<style>
body{font:16px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:36rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem 1.75rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:8rem 1fr;gap:.3rem .8rem;margin:0 0 1.25rem}
dt{color:#5b6475}dd{margin:0;overflow-wrap:anywhere}
button{font:inherit;font-weight:600;padding:.75rem 1.4rem;border:0;border-radius:6px;background:#c62828;color:#fff;cursor:pointer;width:100%}
button.ok{background:#2e7d32}
.note{color:#5b6475;font-size:.9rem}
.state{padding:.6rem .8rem;border-radius:6px;background:#e8f5e9;margin-bottom:1rem}
.warn{background:#fff3e0}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function caseFacts(c: CaseRecord, page: Page) {
  return html`<dl>
<dt>Case</dt><dd>${c.reference} — ${c.subject}</dd>
<dt>Customer</dt><dd>${c.customerName ?? 'unknown'} (plan ${c.plan ?? 'none'})</dd>
<dt>Contact</dt><dd>${c.requester.name ?? c.requester.email} &lt;${c.requester.email}&gt;</dd>
<dt>Phone</dt><dd>${c.requester.phone ?? 'not on file'}</dd>
<dt>Received</dt><dd>${formatInstant(c.receivedAt)}</dd>
<dt>Call back by</dt><dd>${c.sev1 ? formatInstant(c.sev1.callbackDueAt) : '—'}</dd>
<dt>Paged</dt><dd>${page.levelName} ${page.recipient}</dd>
</dl>`;
}

function form(action: string, label: string, cls = '') {
  return html`<form method="post" action="${action}"><button type="submit" class="${cls}">${label}</button></form>`;
}

export interface LinkTarget {
  ackAction: string;
  callbackAction: string;
  takeOverAction: string;
}

/** The page behind a page link: what state the case is in and the one action that comes next. */
export function pageView(
  c: CaseRecord,
  page: Page,
  target: LinkTarget,
  notice?: string,
  offerTakeOver = false
) {
  const sev1 = c.sev1;
  const noticeBlock = notice
    ? html`<p class="state warn">${notice}</p>${offerTakeOver ? form(target.takeOverAction, 'Take over — I will call the customer') : raw('')}`
    : raw('');
  if (sev1?.calledBackAt) {
    return layout(
      `${c.reference} called back`,
      html`<h1>Sev-1 ${c.reference}: customer called back</h1>${noticeBlock}
<p class="state">Called back by ${sev1.calledBackBy} at ${formatInstant(sev1.calledBackAt)}.${sev1.nextUpdateDueAt ? ` Next customer update due by ${formatInstant(sev1.nextUpdateDueAt)}: reply to the customer in the case (every reply is an update).` : ' Nothing more to do here.'}</p>${caseFacts(c, page)}`
    );
  }
  if (sev1?.acknowledgedAt) {
    // Only the engineer who acknowledged confirms the callback; anyone else is offered the take-over.
    const next =
      sev1.acknowledgedBy === page.recipient
        ? html`<form method="post" action="${target.callbackAction}">
<p><label>I told the customer they hear from us again within <input type="number" name="nextUpdate" min="1" max="240" size="4"> minutes</label><br>
<span class="note">Optional; never later than the plan's update interval. If an update is late, you are paged.</span></p>
<button type="submit" class="ok">I have reached the customer</button></form>
<p class="note">Press this once you have spoken to the customer. Until then the callback deadline still runs.</p>`
        : offerTakeOver
          ? raw('')
          : html`${form(target.takeOverAction, 'Take over — I will call the customer')}
<p class="note">Only ${sev1.acknowledgedBy} confirms the callback. Take the page over if you call the customer instead.</p>`;
    return layout(
      `${c.reference} acknowledged`,
      html`<h1>Sev-1 ${c.reference}: call the customer now</h1>${noticeBlock}
<p class="state">Acknowledged by ${sev1.acknowledgedBy} at ${formatInstant(sev1.acknowledgedAt)}. Escalation has stopped.</p>
${caseFacts(c, page)}
${next}`
    );
  }
  return layout(
    `Acknowledge ${c.reference}`,
    html`<h1>Sev-1 page: ${c.reference}</h1>${noticeBlock}
${caseFacts(c, page)}
<form method="post" action="${target.ackAction}">
<p><label>I'll call the customer within <input type="number" name="eta" min="1" max="240" size="4"> minutes</label><br>
<span class="note">Optional. With a time, the customer is told in their thread who is on it and when they hear next.</span></p>
<button type="submit">Acknowledge — I am on it</button></form>
<p class="note">Acknowledging stops the escalation to the next level. You still have to call the customer back before the deadline.</p>`
  );
}

export function messageView(status: string, title: string, text: string) {
  return layout(status, html`<h1>${title}</h1><p>${text}</p>`);
}
