import { useFetchedList, type FetchedList } from '../fetched-list';

export interface Label {
  id: string;
  name: string;
  color: string;
}

export type LabelsState = FetchedList<Label>;

/** The workspace's labels; an empty list when the server has none (or no label support). */
export function useLabels(): LabelsState {
  return useFetchedList<Label>('/labels');
}
