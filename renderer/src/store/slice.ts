// What every slice creator gets: set and get of the whole store, because an action of one
// concern may change another's state (clean empties the batch list), as zustand's slices
// pattern allows.
import type { StateCreator, StoreApi } from 'zustand';
import type { StoreState } from './store.ts';

export type Slice<T> = StateCreator<StoreState, [], [], T>;
export type SetState = StoreApi<StoreState>['setState'];
export type GetState = StoreApi<StoreState>['getState'];
