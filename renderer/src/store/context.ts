// The app's store instance, provided through React context so tests can pass their own.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore, StoreState } from './store.ts';

export const StoreContext = createContext<AppStore | null>(null);

/** Subscribes to a narrow slice of the store. */
export function useApp<T>(selector: (state: StoreState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext is missing');
  return useStore(store, selector);
}
