import { backendAvailable } from './backend';
import { Editor } from './editor/Editor';
import { NoBackendNotice } from './Notices';

export function App() {
  return backendAvailable() ? <Editor /> : <NoBackendNotice />;
}
