import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, type CaseFolder, type Label, type Team } from './api';
import { LIVE_POLL_MS } from './live';

/**
 * Whether the rail's live channels are up (the shell subscribes and re-reads the counts on each
 * message); while not, the counts are polled every COUNTS_MS.
 */
export const CountsLiveContext = createContext(false);
/** How often the counts are read again while the live channel is down. */
export const COUNTS_MS = 5000;
const useCountsInterval = (live?: boolean) => {
  const fromContext = useContext(CountsLiveContext);
  return (live ?? fromContext) ? LIVE_POLL_MS : COUNTS_MS;
};

/** `live`: the shell's own (it holds the context's provider); elsewhere the context says. */

/** Every label with its count; shared by the rail, the chips and the pickers (one request). */
export const useLabels = (live?: boolean) =>
  useQuery({
    queryKey: ['labels'],
    queryFn: () => api<{ labels: Label[] }>('/labels'),
    refetchInterval: useCountsInterval(live),
    select: (x) => x.labels,
  });

/** Every case folder the user sees, with its count. */
export const useCaseFolders = (live?: boolean) =>
  useQuery({
    queryKey: ['case-folders'],
    queryFn: () => api<{ folders: CaseFolder[] }>('/case-folders'),
    refetchInterval: useCountsInterval(live),
    select: (x) => x.folders,
  });

/** Each team queue the user sees with the cases in it (the rail's counts). */
export const useQueueCounts = (live?: boolean) =>
  useQuery({
    queryKey: ['queue-counts'],
    queryFn: () => api<{ queues: { team: Team; total: number; totalExact: boolean }[] }>('/queues'),
    refetchInterval: useCountsInterval(live),
    // A queue past the counting bound shows its lower bound with a "+", as search does.
    select: (x) => new Map(x.queues.map((q) => [q.team, `${q.total}${q.totalExact ? '' : '+'}`])),
  });

/**
 * The queries re-read when a case of the user's teams changed: the rail's counts and an open
 * label's or folder's list.
 */
export const COUNT_QUERIES = [['labels'], ['case-folders'], ['queue-counts'], ['filed']] as const;

/** The spam folder of cases (built in), apart from held mail's spam folder. */
export const SPAM_FOLDER = 'spam';
