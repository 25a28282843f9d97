import '@cloudscape-design/global-styles/index.css';
import './console.css';
import { applyMode, Mode } from '@cloudscape-design/global-styles';
import I18nProvider from '@cloudscape-design/components/i18n';
import enMessages from '@cloudscape-design/components/i18n/messages/all.en';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, api, type Me } from './lib/api';
import { signIn } from './lib/auth';
import { LanguageContext } from './lib/i18n';
import { consoleRouter } from './routes';

/** Signs in, learns who the user is (their teams, language, signature), then shows the console. */
async function start(): Promise<void> {
  applyMode(Mode.Light);
  const root = createRoot(document.getElementById('root') as HTMLElement);
  await signIn();
  const me = await api<Me>('/me');
  document.documentElement.lang = me.language;
  const queryClient = new QueryClient({
    defaultOptions: {
      // A refusal or a miss (4xx) is an answer, not a fault to try again.
      queries: { retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500), staleTime: 1000 },
    },
  });
  root.render(
    <StrictMode>
      {/* The design system ships no Polish strings: its few built-in labels stay English. */}
      <I18nProvider locale="en" messages={[enMessages]}>
        <LanguageContext.Provider value={me.language}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={consoleRouter(me)} />
          </QueryClientProvider>
        </LanguageContext.Provider>
      </I18nProvider>
    </StrictMode>
  );
}

start().catch((error: Error) => {
  const box = document.getElementById('root');
  if (box) box.textContent = `caseflow could not start: ${error.message}`;
});
