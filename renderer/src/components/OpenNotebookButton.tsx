import { desktopBridge } from '../api/desktop.ts';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';

/**
 * Open starter notebook: JupyterLab of the Spark stack with the exercise's notebook open
 * (prepared first if need be). The desktop app opens it in the system browser; a browser
 * opens a new tab, made in the click itself (a tab opened after the answer would be a
 * blocked pop-up) and pointed at the notebook once the service answers.
 */
export function OpenNotebookButton({ id }: { id: string }) {
  const notebookLink = useApp((s) => s.notebookLink);
  const opening = useApp((s) => s.exerciseWork?.what === 'notebook');
  // The class link cannot: the link carries the instructor's notebook token.
  const busy = useApp((s) => s.exerciseWork !== null || isReadOnly(s));
  const open = async () => {
    const bridge = desktopBridge();
    if (bridge?.openExerciseNotebook) {
      // Errors arrive as the API's message; the store shows them like the others.
      if ((await notebookLink(id)) !== null) await bridge.openExerciseNotebook(id);
      return;
    }
    const tab = bridge ? null : window.open('', '_blank');
    if (tab) tab.opener = null; // JupyterLab's page must not reach back into this one
    const url = await notebookLink(id);
    if (url === null) {
      tab?.close();
      return;
    }
    if (bridge) await bridge.openExternal(url);
    else if (tab) tab.location.href = url;
    else window.open(url, '_blank', 'noopener');
  };
  return (
    <button type="button" disabled={busy} onClick={() => void open()}>
      {opening ? 'Opening JupyterLab…' : 'Open starter notebook'}
    </button>
  );
}
