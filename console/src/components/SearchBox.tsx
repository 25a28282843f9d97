import Input, { type InputProps } from '@cloudscape-design/components/input';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { forwardRef, useEffect, useState } from 'react';
import { useStrings } from '../lib/i18n';

/** "CF-1001", "cf 1001", "cf1001": a case reference, as the API reads one. */
export const referenceOf = (text: string) => {
  const match = /^\s*cf[\s-]?(\d{1,9})\s*$/i.exec(text);
  return match ? `CF-${match[1]}` : null;
};

/**
 * The search box of the top bar (`/` focuses it): typing shows results on the search screen as
 * you go; Enter on a case reference opens that case.
 */
export const SearchBox = forwardRef<InputProps.Ref>(function SearchBox(_, ref) {
  const t = useStrings();
  const navigate = useNavigate();
  const location = useRouterState({ select: (s) => s.location });
  const onSearch = location.pathname === '/search';
  const urlQuery = onSearch ? String((location.search as { q?: string }).q ?? '') : '';
  const [text, setText] = useState(urlQuery);
  // The screen's own controls (clear filters, back and forward) change the query too.
  useEffect(() => {
    if (onSearch) setText(urlQuery);
  }, [onSearch, urlQuery]);

  const show = (q: string) =>
    navigate({
      to: '/search',
      search: (prev: Record<string, unknown>) => ({ ...(onSearch ? prev : {}), q: q || undefined }),
      replace: onSearch,
    });
  return (
    <div className="top-search" role="search">
      <Input
        ref={ref}
        type="search"
        value={text}
        placeholder={t.searchPlaceholder}
        ariaLabel={t.searchCases}
        onChange={({ detail }) => {
          setText(detail.value);
          void show(detail.value);
        }}
        onKeyDown={({ detail }) => {
          const reference = detail.key === 'Enter' ? referenceOf(text) : null;
          if (reference) void navigate({ to: '/cases/$reference', params: { reference } });
        }}
      />
    </div>
  );
});
