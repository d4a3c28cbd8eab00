import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useWindow, windowStore } from '../store/window';
import { FaultPoint } from './fault';
import { faultText, PANELS, type PanelId } from './panels';

type Props = {
  panel: PanelId;
  children: ReactNode;
  /** Wraps the message (a dialog's frame, so that it can be closed). */
  frame?: (message: ReactNode) => ReactNode;
};

/**
 * A panel behind its own error boundary. The panel is tried again by Retry, and by itself when
 * what it shows changes (another stage selected, new figures, another dialog).
 */
export function Panel(props: Props) {
  const resetKey = useWindow(PANELS[props.panel].resetOn ?? (() => null));
  return <PanelBoundary {...props} resetKey={resetKey} />;
}
type State = { error: unknown; text: string | null };

/**
 * One panel's error boundary: when the panel fails while rendering, it shows what failed and
 * what the user was doing, with a Retry button, in the panel's place; the rest of the window
 * keeps working. The failure is logged with the same words.
 */
class PanelBoundary extends Component<Props & { resetKey: unknown }, State> {
  state: State = { error: null, text: null };

  componentDidUpdate(previous: { resetKey: unknown }): void {
    if (this.state.error !== null && previous.resetKey !== this.props.resetKey) this.retry();
  }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    // What the user was doing, as the window's state was when the panel failed.
    const text = faultText(this.props.panel, windowStore.getState(), error);
    console.error(`[flowmap] ${text}`, error, info.componentStack ?? '');
    this.setState({ text });
  }

  private retry = () => this.setState({ error: null, text: null });

  render(): ReactNode {
    const { panel, children, frame } = this.props;
    if (this.state.error === null) {
      return (
        <>
          <FaultPoint panel={panel} />
          {children}
        </>
      );
    }
    const message = (
      <div className={`panel-fault panel-fault-${panel}`} role="alert" data-testid="panel-fault" data-panel={panel}>
        <p>{this.state.text ?? faultText(panel, windowStore.getState(), this.state.error)}</p>
        <button type="button" onClick={this.retry} data-testid="panel-retry">
          Retry
        </button>
      </div>
    );
    return frame ? frame(message) : message;
  }
}
