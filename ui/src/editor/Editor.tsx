import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import * as backend from '../backend';
import { BackendError, toBackendError } from '../backend';
import type { Edit, EditorState, RecoveryInfo, ToolKind } from '../generated/wire';
import { MapCanvas, type Selection } from '../map/MapCanvas';
import { LoadingNotice, MapErrorNotice } from '../Notices';
import { TopBar, type TopBarAction } from '../TopBar';
import { Dialog, PathDialog, UnsavedDialog } from './Dialog';
import { addStageAfter, copySelection, freshId, newNode, pasteEdit, placeNewNode, removeEdit, type Clipboard, type NodeKind } from './edits';
import { canvasImage, type ImageFormat } from './exportImage';
import { Inspector } from './Inspector';
import { Palette } from './Palette';
import { loadRecent, saveRecent, withRecent } from './recentFiles';
import { actionFor, type Action } from './shortcuts';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { applyTheme, loadTheme, type Theme } from './theme';
import { Dashboard } from '../flow/Dashboard';
import { FlowBar } from '../flow/FlowBar';
import { HeatLegend } from '../flow/HeatLegend';
import { LadderStrip } from '../flow/Ladder';
import { SidePanel } from '../flow/SidePanel';
import { StagePanel } from '../flow/StagePanel';
import { useFlowView } from '../flow/useFlowView';

type PathPrompt = { title: string; action: string; extension: string; save: boolean; initial: string; recent: boolean; then: (path: string) => void };
type Modal =
  | { kind: 'path'; prompt: PathPrompt }
  | { kind: 'unsaved'; then: () => void }
  | { kind: 'recovery'; info: RecoveryInfo }
  | { kind: 'shortcuts' };

const NO_SELECTION: Selection = { nodes: new Set(), edges: new Set() };
const PASTE_OFFSET = 40;

export function Editor() {
  return (
    <ReactFlowProvider>
      <EditorWindow />
    </ReactFlowProvider>
  );
}

function EditorWindow() {
  const [state, setState] = useState<EditorState | null>(null);
  const [startError, setStartError] = useState<BackendError | null>(null);
  const [opened, setOpened] = useState(0);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [modal, setModal] = useState<Modal | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [theme, setTheme] = useState<Theme>(loadTheme);
  const [recent, setRecent] = useState<string[]>(loadRecent);
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const clipboard = useRef<Clipboard | null>(null);
  const pastes = useRef(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const stateRef = useRef(state);
  stateRef.current = state;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const flow = useReactFlow();
  // The measured flow of the map being edited: heat, stage panel, ladder, dashboard.
  const flowView = useFlowView(state?.view ?? null, state?.file ?? null, opened);

  useEffect(() => applyTheme(theme), [theme]);

  const say = useCallback((text: string, error = false) => setNotice({ text, error }), []);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), notice.error ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [notice]);

  const remember = useCallback((path: string | undefined) => {
    if (!path) return;
    setRecent((list) => {
      const next = withRecent(list, path);
      saveRecent(next);
      return next;
    });
  }, []);

  /** Shows another map (opened, new, restored): drawn afresh, nothing selected. */
  const show = useCallback(
    (next: EditorState) => {
      setState(next);
      setSelection(NO_SELECTION);
      setOpened((n) => n + 1);
      remember(next.file);
    },
    [remember],
  );

  // Start: the map the app opened, then any unsaved work a crash left behind.
  useEffect(() => {
    let current = true;
    (async () => {
      try {
        const first = await backend.editorState();
        if (!current) return;
        show(first);
        const info = await backend.recoveryInfo();
        if (current && info) setModal({ kind: 'recovery', info });
      } catch (error) {
        if (current) setStartError(toBackendError(error));
      }
    })();
    return () => {
      current = false;
    };
  }, [show]);

  /** Runs backend calls one after another, in the order the user made them. */
  const serially = useCallback(<T,>(task: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(task, task);
    queue.current = run.catch(() => undefined);
    return run;
  }, []);

  /** Applies an edit; returns the core's reason when it refuses it. */
  const edit = useCallback(
    (e: Edit, select?: 'created'): Promise<string | null> =>
      serially(async () => {
        try {
          const outcome = await backend.applyEdit(e);
          setState(outcome.state);
          if (select === 'created' && outcome.created_nodes.length > 0) {
            setSelection({ nodes: new Set(outcome.created_nodes), edges: new Set(outcome.created_edges) });
          }
          return null;
        } catch (error) {
          return toBackendError(error).message;
        }
      }),
    [serially],
  );

  /** An edit from the canvas: a refusal shows in the notice bar. */
  const canvasEdit = useCallback(
    (e: Edit) => {
      void edit(e).then((refused) => refused && say(refused, true));
    },
    [edit, say],
  );

  const history = useCallback(
    (which: 'undo' | 'redo') =>
      serially(async () => {
        const current = stateRef.current;
        if (!current || (which === 'undo' ? !current.can_undo : !current.can_redo)) return;
        setState(await (which === 'undo' ? backend.undo() : backend.redo()));
      }).catch((error) => say(toBackendError(error).message, true)),
    [serially, say],
  );

  /** Pans to a node just added when it landed outside the visible part of the canvas. */
  const reveal = useCallback(
    (change: Edit) => {
      const added = change.kind === 'batch' ? change.edits.find((e) => e.kind === 'add_node') : change;
      if (!added || added.kind !== 'add_node') return;
      const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!bounds) return;
      const topLeft = flow.flowToScreenPosition({ x: added.x, y: added.y });
      const bottomRight = flow.flowToScreenPosition({ x: added.x + 190, y: added.y + 84 });
      const visible =
        topLeft.x >= bounds.left && topLeft.y >= bounds.top && bottomRight.x <= bounds.right && bottomRight.y <= bounds.bottom;
      if (!visible) void flow.setCenter(added.x + 95, added.y + 42, { zoom: flow.getZoom(), duration: 200 });
    },
    [flow],
  );

  const addNode = useCallback(
    (kind: NodeKind, toolKind?: ToolKind) => {
      const current = stateRef.current;
      if (!current) return;
      const id = freshId();
      const selected = [...selectionRef.current.nodes];
      const after = selected.length === 1 ? current.view.nodes.find((v) => v.node.id === selected[0]) : undefined;
      let change: Edit;
      if (kind === 'stage' && after && (after.node.kind === 'stage' || after.node.kind === 'customer')) {
        change = addStageAfter(after, id, freshId());
      } else {
        const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
        const centre = bounds
          ? flow.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 })
          : { x: 0, y: 0 };
        const at = placeNewNode(kind, centre, current.view.nodes);
        change = { kind: 'add_node', node: newNode(kind, id, toolKind), x: at.x, y: at.y };
      }
      void edit(change).then((refused) => {
        if (refused) return say(refused, true);
        setSelection({ nodes: new Set([id]), edges: new Set() });
        setJustAdded(id);
        reveal(change);
      });
    },
    [edit, flow, say, reveal],
  );

  const removeSelected = useCallback(() => {
    const current = stateRef.current;
    if (!current) return;
    const change = removeEdit(selectionRef.current.nodes, selectionRef.current.edges, current.view);
    if (!change) return;
    void edit(change).then((refused) => {
      if (refused) say(refused, true);
      else setSelection(NO_SELECTION);
    });
  }, [edit, say]);

  const copy = useCallback(() => {
    const current = stateRef.current;
    if (!current) return false;
    const clip = copySelection(current.view, selectionRef.current.nodes);
    if (!clip) return false;
    clipboard.current = clip;
    pastes.current = 0;
    say(`Copied ${clip.nodes.length} ${clip.nodes.length === 1 ? 'node' : 'nodes'}`);
    return true;
  }, [say]);

  const paste = useCallback(() => {
    if (!clipboard.current) return;
    pastes.current += 1;
    void edit(pasteEdit(clipboard.current, PASTE_OFFSET * pastes.current), 'created').then((refused) => refused && say(refused, true));
  }, [edit, say]);

  const layout = useCallback(async () => {
    const current = stateRef.current;
    if (!current || current.view.nodes.length === 0) return;
    try {
      // elkjs is large: loaded the first time it is needed.
      const { autoLayout } = await import('./autoLayout');
      const positions = await autoLayout(current.view);
      const refused = await edit({ kind: 'apply_layout', positions });
      if (refused) say(refused, true);
      else setTimeout(() => void flow.fitView({ padding: 0.08, duration: 300 }), 50);
    } catch (error) {
      say(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`, true);
    }
  }, [edit, flow, say]);

  /** Runs `then` at once when nothing is unsaved; otherwise asks first. */
  const unlessUnsaved = useCallback((then: () => void) => {
    if (stateRef.current?.dirty) setModal({ kind: 'unsaved', then });
    else then();
  }, []);

  const askPath = useCallback((prompt: PathPrompt) => setModal({ kind: 'path', prompt }), []);

  /** A backend call that replaces the map shown (open, new, import, restore). */
  const replaceWith = useCallback(
    (call: () => Promise<EditorState>, done?: string) =>
      serially(call).then(
        (next) => {
          show(next);
          if (done) say(done);
        },
        (error) => say(toBackendError(error).message, true),
      ),
    [serially, show, say],
  );

  const saveAs = useCallback(
    (then?: () => void) =>
      askPath({
        title: 'Save the map as',
        action: 'Save',
        extension: 'flowmap',
        save: true,
        initial: stateRef.current?.file ?? '',
        recent: false,
        then: (path) =>
          void serially(() => backend.saveMapAs(path)).then(
            (next) => {
              setState(next);
              remember(next.file);
              say(`Saved to ${path}`);
              then?.();
            },
            (error) => say(toBackendError(error).message, true),
          ),
      }),
    [askPath, serially, remember, say],
  );

  const save = useCallback(
    (then?: () => void) => {
      if (!stateRef.current?.file) return saveAs(then);
      void serially(() => backend.saveMap()).then(
        (next) => {
          setState(next);
          say('Saved');
          then?.();
        },
        (error) => say(toBackendError(error).message, true),
      );
    },
    [saveAs, serially, say],
  );

  const exportImage = useCallback(
    (format: ImageFormat) => {
      const element = document.querySelector<HTMLElement>('.react-flow');
      if (!element) return;
      askPath({
        title: `Export the map as ${format.toUpperCase()}`,
        action: 'Export',
        extension: format,
        save: true,
        initial: stateRef.current?.file?.replace(/\.flowmap$/, `.${format}`) ?? '',
        recent: false,
        then: async (path) => {
          try {
            const dataUrl = await canvasImage(element, format);
            await backend.exportImage(path, dataUrl);
            say(`Exported ${path}`);
          } catch (error) {
            say(`Export failed: ${toBackendError(error).message}`, true);
          }
        },
      });
    },
    [askPath, say],
  );

  const run = useCallback(
    (action: Action | TopBarAction | string) => {
      switch (action) {
        case 'undo':
        case 'redo':
          return void history(action);
        case 'save':
          return save();
        case 'save-as':
          return saveAs();
        case 'new':
          return unlessUnsaved(() => void replaceWith(backend.newMap));
        case 'open':
          return unlessUnsaved(() =>
            askPath({
              title: 'Open a map',
              action: 'Open',
              extension: 'flowmap',
              save: false,
              initial: '',
              recent: true,
              then: (path) => void replaceWith(() => backend.openMap(path)),
            }),
          );
        case 'import-json':
          return unlessUnsaved(() =>
            askPath({
              title: 'Import a map from JSON',
              action: 'Import',
              extension: 'json',
              save: false,
              initial: '',
              recent: false,
              then: (path) => void replaceWith(() => backend.importJson(path), 'Imported: save it to keep it'),
            }),
          );
        case 'export-json':
          return askPath({
            title: 'Export the map as JSON',
            action: 'Export',
            extension: 'json',
            save: true,
            initial: stateRef.current?.file?.replace(/\.flowmap$/, '.json') ?? '',
            recent: false,
            then: (path) =>
              void backend.exportJson(path).then(
                () => say(`Exported ${path}`),
                (error) => say(toBackendError(error).message, true),
              ),
          });
        case 'export-png':
          return exportImage('png');
        case 'export-svg':
          return exportImage('svg');
        case 'copy':
          return void copy();
        case 'paste':
          return paste();
        case 'duplicate':
          if (copy()) paste();
          return;
        case 'delete':
          return removeSelected();
        case 'select-all': {
          const view = stateRef.current?.view;
          if (view) setSelection({ nodes: new Set(view.nodes.map((v) => v.node.id)), edges: new Set(view.edges.map((e) => e.edge.id)) });
          return;
        }
        case 'deselect':
          return setSelection(NO_SELECTION);
        case 'add-stage':
          return addNode('stage');
        case 'add-tool':
          return addNode('tool');
        case 'add-partner':
          return addNode('partner');
        case 'add-customer':
          return addNode('customer');
        case 'auto-layout':
          return void layout();
        case 'zoom-to-fit':
          return void flow.fitView({ padding: 0.08, duration: 300 });
        case 'toggle-theme':
          return setTheme((t) => (t === 'dark' ? 'light' : 'dark'));
        case 'shortcuts':
          return setModal({ kind: 'shortcuts' });
        case 'quit':
          return unlessUnsaved(() => void backend.closeWindow());
      }
    },
    [history, save, saveAs, unlessUnsaved, replaceWith, askPath, say, exportImage, copy, paste, removeSelected, addNode, layout, flow],
  );

  // The keyboard.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modal) return;
      const target = e.target as HTMLElement | null;
      const inField = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      const action = actionFor({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey, alt: e.altKey, inField });
      if (!action) return;
      // Buttons and links keep their own keys.
      if (!inField && target && ['BUTTON', 'A'].includes(target.tagName) && (e.key === ' ' || e.key === 'Enter')) return;
      e.preventDefault();
      if (inField) target?.blur();
      run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modal, run]);

  // The native menu and the window's close button.
  useEffect(() => backend.onMenu(run), [run]);
  useEffect(
    () =>
      backend.onCloseRequested(() =>
        setModal({ kind: 'unsaved', then: () => void backend.closeWindow() }),
      ),
    [],
  );
  // Outside the app window, the browser asks before leaving unsaved work.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!backend.insideTauri() && stateRef.current?.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  if (startError) {
    return <MapErrorNotice error={startError} onOpen={(path) => replaceWith(() => backend.openMap(path)).then(() => setStartError(null))} />;
  }
  if (!state) return <LoadingNotice />;

  const closeModal = () => setModal(null);
  return (
    <div className="map-window">
      <TopBar state={state} theme={theme} onAction={run} />
      <FlowBar flow={flowView} map={state.view} />
      {flowView.tab === 'dashboard' ? (
        <Dashboard flow={flowView.view} map={state.view} />
      ) : (
        <div className="editor-body">
          <Palette onAdd={addNode} />
          <main className="canvas-area">
            <MapCanvas
              key={opened}
              view={state.view}
              selection={selection}
              dark={theme === 'dark'}
              onSelectionChange={setSelection}
              onEdit={canvasEdit}
              onRefused={(text) => say(text, true)}
              overlay={flowView.overlay}
            />
            {flowView.overlay?.stages.scale && <HeatLegend scale={flowView.overlay.stages.scale} />}
            {notice && (
              <div className={notice.error ? 'notice-bar error' : 'notice-bar'} role={notice.error ? 'alert' : 'status'} data-testid="notice">
                {notice.text}
              </div>
            )}
          </main>
          <SidePanel
            tab={flowView.panel}
            onTab={flowView.setPanel}
            justAdded={justAdded}
            properties={<Inspector view={state.view} selectedNodes={selection.nodes} selectedEdges={selection.edges} commit={edit} onDelete={removeSelected} justAdded={justAdded} />}
            flow={
              <StagePanel
                flow={flowView.view}
                map={state.view}
                stageId={selection.nodes.size === 1 ? [...selection.nodes][0]! : null}
                onSelectStage={(id) => setSelection({ nodes: new Set([id]), edges: new Set() })}
              />
            }
          />
        </div>
      )}
      {flowView.tab === 'map' && flowView.view && <LadderStrip ladder={flowView.view.metrics.ladder} stages={flowView.view.metrics.stages} />}
      {modal?.kind === 'path' && (
        <PathDialog
          title={modal.prompt.title}
          action={modal.prompt.action}
          initial={modal.prompt.initial}
          recent={modal.prompt.recent ? recent : []}
          browse={backend.nativeDialogs() ? () => backend.choosePath(modal.prompt.save, modal.prompt.extension) : null}
          onCancel={closeModal}
          onSubmit={(path) => {
            closeModal();
            modal.prompt.then(path);
          }}
        />
      )}
      {modal?.kind === 'unsaved' && (
        <UnsavedDialog
          mapName={state.view.name}
          onCancel={closeModal}
          onDiscard={() => {
            closeModal();
            modal.then();
          }}
          onSave={() => {
            closeModal();
            save(modal.then);
          }}
        />
      )}
      {modal?.kind === 'recovery' && (
        <Dialog title="Restore unsaved work?" onCancel={closeModal} testId="recovery-dialog">
          <p>
            Flowmap did not close cleanly last time. Unsaved changes to “{modal.info.map_name}”
            {modal.info.file ? ` (${modal.info.file})` : ''} from {new Date(modal.info.saved_at).toLocaleString()} were kept.
          </p>
          <div className="dialog-buttons">
            <button
              type="button"
              data-testid="recovery-discard"
              onClick={() => {
                closeModal();
                void backend.discardRecovery().catch((error) => say(toBackendError(error).message, true));
              }}
            >
              Discard them
            </button>
            <button
              type="button"
              className="primary"
              data-testid="recovery-restore"
              autoFocus
              onClick={() => {
                closeModal();
                void replaceWith(backend.restoreRecovery, 'Restored your unsaved work');
              }}
            >
              Restore
            </button>
          </div>
        </Dialog>
      )}
      {modal?.kind === 'shortcuts' && <ShortcutsOverlay onClose={closeModal} />}
    </div>
  );
}
