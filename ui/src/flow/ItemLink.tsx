// An item's key, linked to its page in its source tool when Flowmap knows it (the backend's
// `item_link`): opened in the system's browser, never inside the app window. The stage panel's
// lists and the Items list both show keys this way.

import { openLink } from '../backend';

export function ItemLink({ url, source, itemKey }: { url: string | null | undefined; source: string; itemKey: string }) {
  if (!url) return <span className="flow-key">{itemKey}</span>;
  return (
    <a
      className="flow-key"
      href={url}
      title={`Open ${itemKey} in ${source}: ${url}`}
      data-testid="item-link"
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        void openLink(url);
      }}
    >
      {itemKey}
    </a>
  );
}
