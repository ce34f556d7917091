import { useCallback, useEffect, useState } from 'react';
import { api } from '../api-client';

export interface Label {
  id: string;
  name: string;
  color: string;
}

export interface LabelsState {
  list: Label[];
  reload(): Promise<void>;
}

/** The workspace's labels; an empty list when the server has none (or no label support). */
export function useLabels(): LabelsState {
  const [list, setList] = useState<Label[]>([]);
  const reload = useCallback(async () => {
    setList(await api<Label[]>('GET', '/labels').catch(() => []));
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { list, reload };
}
