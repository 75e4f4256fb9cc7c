import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { StoreContext } from './store/context.ts';
import { createStore } from './store/store.ts';
import './styles.css';
import './views.css';
import './projector.css';
import './charts.css';
import './preset-info.css';

const store = createStore();
store.getState().start();
// Only the bench's own build (VITE_BENCH_HOOKS=1, bench/ui.bench.ts) lets the page reach the
// store; Vite replaces the flag at build time, so other builds drop this branch.
if (import.meta.env.VITE_BENCH_HOOKS === '1')
  (window as unknown as { __sparkExperimentsStore?: typeof store }).__sparkExperimentsStore = store;

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
