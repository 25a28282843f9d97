import { useQuery } from '@tanstack/react-query';
import { api, type CaseFolder, type Label } from './api';

/** How often the rail's label and folder counts are read again (the live channel replaces this where it runs). */
const COUNTS_MS = 5000;

/** Every label with its count; shared by the rail, the chips and the pickers (one request). */
export const useLabels = () =>
  useQuery({
    queryKey: ['labels'],
    queryFn: () => api<{ labels: Label[] }>('/labels'),
    refetchInterval: COUNTS_MS,
    select: (x) => x.labels,
  });

/** Every case folder with its count. */
export const useCaseFolders = () =>
  useQuery({
    queryKey: ['case-folders'],
    queryFn: () => api<{ folders: CaseFolder[] }>('/case-folders'),
    refetchInterval: COUNTS_MS,
    select: (x) => x.folders,
  });

/** The spam folder of cases (built in), apart from held mail's spam folder. */
export const SPAM_FOLDER = 'spam';
