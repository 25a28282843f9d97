import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import DOMPurify from 'dompurify';
import { useMemo, useState } from 'react';
import { api } from '../lib/api';
import { useStrings } from '../lib/i18n';

/**
 * A customer's HTML mail, made inert: DOMPurify removes scripts, event handlers, forms and
 * frames; remote images are dropped until the agent asks for them; what is left is shown in a
 * sandboxed frame (no scripts, no forms, no navigation of the console) under a CSP of its own.
 */
export function sanitizeMail(html: string, showRemoteImages: boolean): { html: string; blockedImages: number } {
  let blockedImages = 0;
  const purify = DOMPurify();
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'src' && node.nodeName === 'IMG' && /^\s*(https?:)?\/\//i.test(data.attrValue)) {
      if (!showRemoteImages) {
        blockedImages += 1;
        data.keepAttr = false;
      }
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const clean = purify.sanitize(html, {
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link'],
    FORBID_ATTR: ['srcset', 'formaction', 'action', 'ping', 'background'],
    WHOLE_DOCUMENT: false,
  });
  const imgSrc = showRemoteImages ? 'data: https:' : 'data:';
  const csp = `default-src 'none'; img-src ${imgSrc}; style-src 'unsafe-inline'; font-src data:`;
  return {
    blockedImages,
    html: `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"><meta charset="utf-8"><style>body{font-family:system-ui,sans-serif;font-size:14px;margin:8px;overflow-wrap:anywhere}</style></head><body>${clean}</body></html>`,
  };
}

/** The mail as its sender wrote it (HTML, made inert), or `fallback` (its text) when it has no HTML. */
export function MailFrame({
  caseId,
  messageId,
  title,
  fallback,
}: {
  caseId: string;
  messageId: string;
  title: string;
  fallback: React.ReactNode;
}) {
  const t = useStrings();
  const [showImages, setShowImages] = useState(false);
  const [height, setHeight] = useState(240);
  const html = useQuery({
    queryKey: ['message-html', caseId, messageId],
    queryFn: () => api<{ html: string | null }>(`/cases/${caseId}/messages/${messageId}/html`),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const safe = useMemo(
    () => (html.data?.html ? sanitizeMail(html.data.html, showImages) : null),
    [html.data, showImages]
  );
  if (!safe) return html.isLoading ? null : fallback;
  return (
    <SpaceBetween size="xs">
      {safe.blockedImages > 0 && (
        <Box variant="small">
          {t.imagesBlocked}{' '}
          <Button variant="inline-link" onClick={() => setShowImages(true)}>
            {t.showImages}
          </Button>
        </Box>
      )}
      <iframe
        title={title}
        className="mail-frame"
        // No allow-scripts, no allow-forms: nothing in a customer's mail runs. Same origin only so
        // the console can read the frame's height; links open outside it.
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcDoc={safe.html}
        style={{ height }}
        onLoad={(e) => {
          const body = e.currentTarget.contentDocument?.body;
          if (body) setHeight(Math.min(Math.max(body.scrollHeight + 24, 80), 900));
        }}
      />
    </SpaceBetween>
  );
}
