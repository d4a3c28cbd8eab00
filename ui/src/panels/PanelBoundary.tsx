import { Component, type ErrorInfo, type ReactNode } from 'react';
import { windowStore } from '../store/window';
import { FaultPoint } from './fault';
import { faultText, type PanelId } from './panels';

type Props = {
  panel: PanelId;
  children: ReactNode;
  /** Wraps the message (a dialog's frame, so that it can be closed). */
  frame?: (message: ReactNode) => ReactNode;
};
type State = { error: unknown; text: string | null };

/**
 * One panel's error boundary: when the panel fails while rendering, it shows what failed and
 * what the user was doing, with a Retry button, in the panel's place; the rest of the window
 * keeps working. The failure is logged with the same words.
 */
export class PanelBoundary extends Component<Props, State> {
  state: State = { error: null, text: null };

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
