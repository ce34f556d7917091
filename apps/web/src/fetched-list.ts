import { useCallback, useEffect, useState } from 'react';
import { api } from './api-client';

export interface FetchedList<T> {
  list: T[];
  reload(): Promise<void>;
}

/** A workspace list read once on mount (`GET path`); an empty list when the server has none or fails. */
export function useFetchedList<T>(path: string): FetchedList<T> {
  const [list, setList] = useState<T[]>([]);
  const reload = useCallback(async () => {
    setList(await api<T[]>('GET', path).catch(() => []));
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { list, reload };
}
